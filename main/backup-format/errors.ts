// The two ways reading a backup folder fails: the whole folder (not a backup,
// not readable), or one file, which is then listed with its reason and the
// rest goes on.

/** The folder cannot be restored from at all; `message` is one plain sentence for the user. */
export class NotABackupError extends Error {
  override name = 'NotABackupError';
}

/** One file cannot be used; `reason` says why, in words. Internal: becomes a skipped item. */
export class SkipError extends Error {
  override name = 'SkipError';
  constructor(
    readonly reason: string,
    /** The file is not there at all (as opposed to there and unusable). */
    readonly missing = false,
  ) {
    super(reason);
  }
}

export const skip = (reason: string, missing = false): never => {
  throw new SkipError(reason, missing);
};

// The error of a damaged or missing object, shared by the pack reader and the delta decoder.

/** A damaged or missing object: what verify and a restore report. */
export class ObjectError extends Error {
  override name = 'ObjectError';
  constructor(
    readonly oid: string,
    reason: string,
  ) {
    super(`object ${oid}: ${reason}`);
  }
}

// `Quire --salvage …`: the installed app runs `quire salvage …` without a
// window, for a user who has the app but no Node.js. The Electron entry
// asks this before anything else; it knows nothing of Electron, so it is
// tested under plain Node.

export const HEADLESS_SALVAGE_FLAG = '--salvage';

/**
 * The `quire` arguments for this command line (`salvage` and what follows
 * --salvage), or null when the app should start as usual. A
 * --user-data-dir given before --salvage is carried over (for --list).
 */
export function headlessSalvageArgs(argv: readonly string[]): string[] | null {
  // argv[0] is the executable; in development argv[1] is the app folder.
  const at = argv.indexOf(HEADLESS_SALVAGE_FLAG, 1);
  if (at < 0) return null;
  const rest = argv.slice(at + 1);
  const before = argv.slice(1, at);
  const carried: string[] = [];
  for (let i = 0; i < before.length; i++) {
    const arg = before[i]!;
    if (arg.startsWith('--user-data-dir=')) carried.push(arg);
    else if (arg === '--user-data-dir' && before[i + 1] !== undefined) carried.push(arg, before[++i]!);
  }
  const givesUserDataDir = rest.some((a) => a === '--user-data-dir' || a.startsWith('--user-data-dir='));
  return ['salvage', ...rest, ...(givesUserDataDir ? [] : carried)];
}

// Salvage's public surface: read every document that can still be read
// from a Quire database folder into a backup folder (salvage), find the
// databases on this computer (listDatabases), and the Electron entry's
// check for `Quire --salvage …` (headlessSalvageArgs).
export { salvage, SalvageInputError } from './salvage';
export type { SalvageOptions, SalvageReport, SalvageProgress } from './salvage';
export type { SalvageCounts } from './counting-sink';
export type { ReadProblem } from './raw-reader';
export type { MarkdownOutcome } from './markdown';
export { listDatabases, userDataCandidates } from './list';
export type { FoundDatabase } from './list';
export { headlessSalvageArgs, HEADLESS_SALVAGE_FLAG } from './headless';

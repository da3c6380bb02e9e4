// The Markdown export's public surface (docs/export.md): every note outside
// the trash as a .md file with front matter, notebooks as folders,
// attachments beside them.
export { exportAllNotes } from './export-notes';
export type { ExportOptions } from './export-notes';
export { ExportTargetError, exportFolderName } from './export-folder';
export { couldBeExportedName } from './file-names';
export type { ExportError, ExportResult } from '../../shared/contract/export-requests';

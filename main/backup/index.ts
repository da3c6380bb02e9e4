// The backup's public surface: the runner, its sinks (worker thread or in
// process), the folder watcher, the location check, the installation's client
// id. The folder's format itself (layout, naming rule, document files) is
// main/backup-format/'s.
export { BackupRunner, BackupFolderError, inProcessSink } from './backup-runner';
export type { BackupSink, BackupStatus, BackupRunnerOptions, PassResult, AppliedDoc, ApplyListener } from './backup-runner';
export { watchBackupFolder } from './folder-watcher';
export type { BackupFolderWatcher, BackupFolderWatcherOptions, WatchProblem } from './folder-watcher';
export { workerSink } from './worker-sink';
export type { WorkerSink } from './worker-sink';
export { checkBackupLocation, LocationError } from './location';
export type { LocationRules } from './location';
export { backupClientId } from './client-id';
export type { ApplyResult, ApplyOptions, BackupDoc, BackupAttachment } from './mirror';
export { isTempName, TEMP_PREFIX } from './atomic-write';

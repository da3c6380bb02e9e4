// Every `quire` command, in the order `quire --help` lists them. A new
// command is one file in this folder plus one line here. A two-word name
// (`snapshot verify`) is a subcommand: quire.ts tries it before the first word alone.
import type { Command } from '../command';
import { backupCommand } from './backup';
import { importMarkdownCommand } from './import-markdown';
import { exportMarkdownCommand } from './export-markdown';
import { statsCommand } from './stats';
import { restoreCommand } from './restore';
import { salvageCommand } from './salvage';
import { snapshotCommand, snapshotPruneCommand, snapshotVerifyCommand } from './snapshot';
import { snapshotsCommand } from './snapshots';
import { historyCommand } from './history';
import { syncCommand } from './sync';

export const COMMANDS: readonly Command[] = [importMarkdownCommand, exportMarkdownCommand, statsCommand, backupCommand, restoreCommand, salvageCommand,
  snapshotCommand, snapshotsCommand, historyCommand, snapshotVerifyCommand, snapshotPruneCommand, syncCommand,
];

// Every `quire` command, in the order `quire --help` lists them. A new
// command is one file in this folder plus one line here.
import type { Command } from '../command';
import { backupCommand } from './backup';
import { importMarkdownCommand } from './import-markdown';
import { exportMarkdownCommand } from './export-markdown';
import { statsCommand } from './stats';
import { restoreCommand } from './restore';
import { salvageCommand } from './salvage';

export const COMMANDS: readonly Command[] = [importMarkdownCommand, exportMarkdownCommand, statsCommand, backupCommand, restoreCommand, salvageCommand];

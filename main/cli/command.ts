// What a CLI command is. Each command is one file in commands/ exporting a
// Command, listed once in commands/index.ts; quire.ts does the rest
// (argument parsing, --help, --json output, exit codes).
import type { SkippedItem } from '../../shared/types';

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** Placeholder shown in help, e.g. DIR. */
  value?: string;
  short?: string;
  description: string;
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface CliIO {
  /** One line of the command's output (stdout). */
  out(line: string): void;
  /** One line of messages for the user (stderr). */
  err(line: string): void;
  /** A transient status line (progress), or null where it would only clutter a log. */
  status: ((text: string) => void) | null;
}

export interface CommandOutput {
  /** The object printed as the last line with --json. */
  json: Record<string, unknown>;
  /** What is printed without --json. */
  text: string[];
  /** Items left out; when there are any, the exit code is 1. */
  skipped?: SkippedItem[];
  /** How stderr's summary line says what happened to them (default "skipped"). */
  skippedVerb?: string;
  /** Set when nothing could be done: exit code 2, this reason on stderr. */
  failure?: string;
}

export interface Command {
  name: string;
  /** One line for `quire --help`. */
  summary: string;
  options: Record<string, OptionSpec>;
  /** Usage lines for `quire <command> --help`, when one line of its valued options does not say it. */
  usage?: string[];
  /** Paragraphs for `quire <command> --help` after the options. */
  details?: string[];
  run(values: OptionValues, io: CliIO): Promise<CommandOutput>;
}

/** Bad arguments or a precondition the user must fix: exit code 2 with this message. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function requiredString(values: OptionValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

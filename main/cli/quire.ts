// The `quire` command line: `quire <command> [options]`. bin/quire.mjs runs
// the built copy of this file and exits with what main() returns:
// 0 done, 1 done with items skipped (listed), 2 usage error or nothing
// could be done (with a one-line reason on stderr).
import { APP_VERSION } from '../app/version';
import { COMMANDS } from './commands/index';
import { UsageError, type CliIO, type Command } from './command';
import { optionsHelp, parseOptions } from './args';

export const EXIT_DONE = 0;
export const EXIT_SKIPPED = 1;
export const EXIT_FAILED = 2;

export function processIO(): CliIO {
  // `quire --help | head` closes the pipe early; that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
  const tty = Boolean(process.stderr.isTTY);
  let statusShown = false;
  const clearStatus = () => {
    if (statusShown) process.stderr.write('\r\x1b[K');
    statusShown = false;
  };
  return {
    out: (line) => {
      clearStatus();
      process.stdout.write(`${line}\n`);
    },
    err: (line) => {
      clearStatus();
      process.stderr.write(`${line}\n`);
    },
    // Progress only on a terminal: in a log or a pipe it would be noise.
    status: tty
      ? (text) => {
          statusShown = true;
          process.stderr.write(`\r\x1b[K${text}`);
        }
      : null,
  };
}

function mainHelp(): string[] {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'Usage: quire <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --json: it then prints one JSON object as the last line of its output.',
    'Exit codes: 0 done, 1 done with items skipped (listed), 2 usage error or nothing could be done.',
    'Run `quire <command> --help` for the options of a command.',
  ];
}

function commandHelp(command: Command): string[] {
  const required = Object.entries(command.options)
    .filter(([, o]) => o.value)
    .map(([name, o]) => `--${name} ${o.value}`);
  return [
    ...(command.usage ?? [`Usage: quire ${command.name} ${required.join(' ')} [--json]`.replace(/ +/g, ' ')]),
    '',
    `${command.summary}.`,
    '',
    'Options:',
    ...optionsHelp(command.options),
    ...(command.details ?? []).flatMap((p) => ['', ...wrap(p, 78)]),
  ];
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const [name, ...rest] = argv;
  const json = argv.includes('--json');
  const fail = (who: string, reason: string) => {
    io.err(`${who}: ${reason}`);
    if (json) io.out(JSON.stringify({ error: reason }));
    return EXIT_FAILED;
  };

  if (name === '--help' || name === '-h' || name === 'help') {
    mainHelp().forEach((line) => io.out(line));
    return EXIT_DONE;
  }
  if (name === '--version') {
    io.out(APP_VERSION);
    return EXIT_DONE;
  }
  if (name === undefined || name.startsWith('-')) {
    return fail('quire', 'no command given; run `quire --help` to see the commands');
  }
  // A subcommand (`snapshot verify`) first, then the command alone.
  const sub = rest[0] !== undefined && !rest[0].startsWith('-') ? COMMANDS.find((c) => c.name === `${name} ${rest[0]}`) : undefined;
  const command = sub ?? COMMANDS.find((c) => c.name === name);
  if (!command) return fail('quire', `unknown command "${name}"; run \`quire --help\` to see the commands`);
  const who = `quire ${command.name}`;

  try {
    const values = parseOptions(sub ? rest.slice(1) : rest, command.options);
    if (values.help) {
      commandHelp(command).forEach((line) => io.out(line));
      return EXIT_DONE;
    }
    const output = await command.run(values, io);
    if (values.json) io.out(JSON.stringify(output.failure ? { ...output.json, error: output.failure } : output.json));
    else output.text.forEach((line) => io.out(line));
    if (output.failure) {
      io.err(`${who}: ${output.failure}`);
      return EXIT_FAILED;
    }
    const skipped = output.skipped?.length ?? 0;
    if (skipped) {
      io.err(`${who}: ${skipped} item${skipped === 1 ? '' : 's'} ${output.skippedVerb ?? 'skipped'} (listed in the output)`);
      return EXIT_SKIPPED;
    }
    return EXIT_DONE;
  } catch (error) {
    if (error instanceof UsageError) return fail(who, error.message);
    // Anything else is a failure we did not foresee; one line still, the stack only on request.
    if (process.env.QUIRE_DEBUG) io.err(String((error as Error).stack));
    return fail(who, String((error as Error).message ?? error).split('\n')[0]!);
  }
}

// Command-line options through node:util parseArgs, with its errors cut to
// one line (some of its messages span several).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError, type OptionSpec, type OptionValues } from './command';

export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print the result as one JSON object, on the last line of the output' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

export function parseOptions(argv: string[], options: Record<string, OptionSpec>): OptionValues {
  const config: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, spec] of Object.entries({ ...options, ...COMMON_OPTIONS })) {
    config[name] = spec.short ? { type: spec.type, short: spec.short } : { type: spec.type };
  }
  try {
    return parseArgs({ args: argv, options: config, strict: true, allowPositionals: false }).values as OptionValues;
  } catch (error) {
    throw new UsageError(reasonOf(error as Error & { code?: string }));
  }
}

function reasonOf(error: Error & { code?: string }): string {
  const message = String(error.message);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
  switch (error.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${option ?? ''}`.trim();
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ''} (values follow their option, e.g. --db DIR)`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return /does not take an argument/.test(message) ? `${option} does not take a value` : `${option} needs a value`;
    default:
      return message.split('\n')[0]!;
  }
}

export function optionsHelp(options: Record<string, OptionSpec>): string[] {
  const rows = Object.entries({ ...options, ...COMMON_OPTIONS }).map(([name, spec]) => [
    `${spec.short ? `-${spec.short}, ` : ''}--${name}${spec.value ? ` ${spec.value}` : ''}`,
    spec.description,
  ]);
  const width = Math.max(...rows.map(([left]) => left!.length));
  return rows.map(([left, right]) => `  ${left!.padEnd(width)}  ${right}`);
}

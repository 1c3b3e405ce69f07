/**
 * The one argument parser of the project's commands (`rhenium`, `rhenium-perf`, every
 * package's bench command, the API server): `node:util` `parseArgs` in strict mode, with its
 * errors said in one line in the project's words.
 *
 * parseArgs's own messages span several lines and name options as `'--port <value>'`; a
 * command-line user gets `unknown option "--x"`, `--device needs a value`, `--smoke takes no
 * value` or `unexpected argument "x"` instead, and the caller turns that text into its own
 * coded error (`usage(message)`), so each tool keeps its error code and its "see --help" hint.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type CommandLineOptions = NonNullable<ParseArgsConfig['options']>;

/** What `parseCommandLine` returns: the option values by name (without `--`) and the positionals. */
export interface CommandLine {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

/**
 * Parse `argv` against `options` (parseArgs's option table). Unknown options, a missing value,
 * a value given to a flag and (unless `positionals` is true) positional arguments throw
 * `fail(oneLineMessage)`.
 *
 * A value that starts with a dash must be written `--opt=-value` (parseArgs reads
 * `--opt -value` as two options); the message says so.
 * @example parseCommandLine(['--runs', '3'], { runs: { type: 'string' } }, (m) => new Error(m)).values.runs // '3'
 */
export function parseCommandLine(
  argv: readonly string[],
  options: CommandLineOptions,
  fail: (message: string) => Error,
  config: { positionals?: boolean } = {},
): CommandLine {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: config.positionals === true });
    return { values: values as CommandLine['values'], positionals };
  } catch (err) {
    throw fail(commandLineMessage(err, argv));
  }
}

/** parseArgs's error as one line: what was wrong, with the option as the user wrote it. */
export function commandLineMessage(err: unknown, argv: readonly string[]): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const msg = err instanceof Error ? err.message : String(err);
  // The option as parseArgs quotes it: '--device <value>', '-o, --output <value>' (an option
  // with a short alias, named by its long name) or '-o' (a short option, as typed).
  const quoted = /'(?:-[^-' ], )?(-[^' ,]+)/.exec(msg)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option "${argv.find((a) => a === quoted || a.startsWith(`${quoted}=`)) ?? quoted}"`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `unexpected argument "${/'([^']*)'/.exec(msg)?.[1] ?? ''}"`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      if (/does not take an argument/.test(msg)) return `${quoted} takes no value`;
      if (/argument is ambiguous/.test(msg)) {
        const next = argv[argv.indexOf(quoted) + 1] ?? '';
        if (next.startsWith('--')) return `${quoted} needs a value`;
        // `-o=-x` would give "=-x": the inline form is the long name's, which parseArgs's hint names.
        const long = /'(--[^=' ]+)=-XYZ'/.exec(msg)?.[1] ?? quoted;
        return `${quoted} needs a value, received "${next}" (it starts with a dash, so it reads as an option; write ${long}=${next} for such a value)`;
      }
      if (/argument missing/.test(msg)) return `${quoted} needs a value`;
      return msg.replace(/\s+/g, ' ').trim();
    }
    default:
      return msg.replace(/\s+/g, ' ').trim();
  }
}

/** The last value of a string option (parseArgs keeps the last one unless `multiple`), or null. */
export function stringOption(values: CommandLine['values'], name: string): string | null {
  const v = values[name];
  return typeof v === 'string' ? v : null;
}

/** The values of a `multiple: true` string option, in order (empty when absent). */
export function listOption(values: CommandLine['values'], name: string): string[] {
  const v = values[name];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Argument parsing of one command, with the project's one parser (`parseCommandLine` of
 * `@rhenium-perf/harness/args`: node:util `parseArgs`, strict): `--name value`,
 * `--name=value`, `-o value`, flags, and `--` ending the options. Every mistake is a
 * {@link CliError} naming the token and the fix; nothing here exits.
 *
 * NOTE: only the `args` subpath of the harness is imported: the harness index pulls in the
 * runner and the schema, and `rhenium --version` is benchmarked against `node -e 0`.
 */
import { parseCommandLine, type CommandLine, type CommandLineOptions } from '@rhenium-perf/harness/args';
import { TOOL_NAME } from './defaults';
import { CliError } from './errors';
import type { CommandSpec, OptionSpec, ParsedCommand } from './types';

/** Levenshtein distance, for "did you mean" suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/**
 * The candidate closest to `word`, when close enough to be a likely typo (or a prefix).
 * @example closest('--iter', ['--iterations', '--output']) // '--iterations'
 */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(word) && word.length >= 3 ? 0 : distance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== null && bestD <= Math.max(1, Math.floor(word.length / 3)) ? best : null;
}

/** A negative number (`-90:90:4`, `-1e-3`): the value of the option before it, not an option. */
const NEGATIVE_NUMBER = /^-\d/;

function unknownOption(spec: CommandSpec, token: string): CliError {
  const names = spec.options.map((o) => `--${o.name}`);
  const guess = closest(token.split('=')[0]!, names);
  return new CliError(
    'RPERF_CLI_UNKNOWN_OPTION',
    `unknown option '${token}' for '${TOOL_NAME} ${spec.name}'`,
    `${guess ? `did you mean '${guess}'? ` : ''}${NEGATIVE_NUMBER.test(token) ? `a path starting with '-' goes after '--' ('${TOOL_NAME} ${spec.name} -- ${token}'); ` : ''}see '${TOOL_NAME} ${spec.name} --help' for its options (${names.join(', ')})`,
  );
}

/**
 * The command line in the form parseArgs reads as the tool always has: a short alias becomes
 * its long name (so every message names `--output`, as the help does), and a value option
 * followed by a negative number takes it inline (`--angles -90:90:4` -> `--angles=-90:90:4`;
 * parseArgs would read `-90:90:4` as an option). Everything from `--` on is kept as it is.
 */
function normalizedArgv(spec: CommandSpec, argv: readonly string[]): string[] {
  const byToken = new Map<string, OptionSpec>();
  for (const o of spec.options) {
    byToken.set(`--${o.name}`, o);
    if (o.short) byToken.set(`-${o.short}`, o);
  }
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (tok === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const opt = byToken.get(tok);
    const next = argv[i + 1];
    if (opt?.value && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`--${opt.name}=${next}`);
      i++;
    } else {
      out.push(opt ? `--${opt.name}` : tok);
    }
  }
  return out;
}

/** parseArgs's option table of a command; every option `multiple`, so that one given twice is caught. */
function optionTable(spec: CommandSpec): CommandLineOptions {
  const table: CommandLineOptions = {};
  for (const o of spec.options) table[o.name] = { type: o.value ? 'string' : 'boolean', multiple: true };
  return table;
}

/** parseCommandLine's one-line message as the tool's coded error, in the tool's words. */
function commandLineError(spec: CommandSpec, args: readonly string[], message: string): CliError {
  const unknown = /^unknown option "(.*)"$/.exec(message);
  if (unknown) {
    const token = unknown[1]!;
    // parseArgs names the first unknown letter of a group (`-x` of `-xyz`): show the whole token.
    return unknownOption(spec, args.includes(token) ? token : (args.find((a) => a.startsWith(token)) ?? token));
  }
  const option = /^--([^\s=]+) (needs a value|takes no value)(.*)$/.exec(message);
  const opt = option ? spec.options.find((o) => o.name === option[1]) : undefined;
  if (option && opt && option[2] === 'needs a value') {
    // parseArgs stops at the first occurrence without a value; name the option that came instead.
    const at = args.findIndex((a, i) => a === `--${opt.name}` && (args[i + 1] === undefined || args[i + 1]!.startsWith('--')));
    const next = at < 0 ? undefined : args[at + 1];
    const received = option[3] || (next === undefined ? '' : `, received the option '${next}'`);
    return new CliError('RPERF_CLI_MISSING_ARGUMENT', `option '--${opt.name}' needs a value ${opt.value ?? ''}${received}`, `write '--${opt.name} ${opt.value ?? 'VALUE'}'`);
  }
  if (option && opt) {
    const received = args.find((a) => a.startsWith(`--${opt.name}=`)) ?? `--${opt.name}=`;
    return new CliError('RPERF_CLI_BAD_VALUE', `option '--${opt.name}' is a flag and takes no value, received '${received}'`, `write '--${opt.name}' alone`);
  }
  return new CliError('RPERF_CLI_BAD_VALUE', message, `see '${TOOL_NAME} ${spec.name} --help'`);
}

/**
 * Parse a command's arguments against its spec. `--help` (or `-h`) before `--` wins and is
 * returned as the `help` option without checking anything else.
 * @example parseCommandArgs(COMMAND_SPECS.info, ['a.nii', '--json']) // { positionals: ['a.nii'], options: { json: true } }
 */
export function parseCommandArgs(spec: CommandSpec, argv: readonly string[]): ParsedCommand {
  const args = normalizedArgv(spec, argv);
  const end = args.indexOf('--');
  if ((end < 0 ? args : args.slice(0, end)).includes('--help')) return { positionals: [], options: { help: true } };
  const parsed: CommandLine = parseCommandLine(args, optionTable(spec), (message) => commandLineError(spec, args, message), { positionals: true });
  const options: Record<string, string | true> = {};
  for (const o of spec.options) {
    const given = parsed.values[o.name];
    if (!Array.isArray(given) || given.length === 0) continue;
    if (given.length > 1) throw new CliError('RPERF_CLI_BAD_VALUE', `option '--${o.name}' is given twice`, 'give it once');
    const value = given[0]!;
    if (value === '') throw new CliError('RPERF_CLI_BAD_VALUE', `option '--${o.name}' has an empty value`, `write '--${o.name} ${o.value}'`);
    options[o.name] = typeof value === 'string' ? value : true;
  }
  const positionals = parsed.positionals;
  const usage = `usage: ${TOOL_NAME} ${spec.name} ${spec.positionals.join(' ')}`;
  if (positionals.length < spec.positionals.length) {
    throw new CliError(
      'RPERF_CLI_MISSING_ARGUMENT',
      `'${TOOL_NAME} ${spec.name}' needs ${spec.positionals.slice(positionals.length).join(' ')}`,
      `${usage} (see '${TOOL_NAME} ${spec.name} --help')`,
    );
  }
  if (positionals.length > spec.positionals.length) {
    throw new CliError(
      'RPERF_CLI_EXTRA_ARGUMENT',
      `unexpected argument '${positionals[spec.positionals.length]}' for '${TOOL_NAME} ${spec.name}'`,
      `${usage}; quote paths that contain spaces`,
    );
  }
  return { positionals, options };
}

/** The value of an option that must be given, or a CliError saying how to give it. */
export function requireOption(spec: CommandSpec, args: ParsedCommand, name: string): string {
  const v = args.options[name];
  if (typeof v === 'string') return v;
  const opt = spec.options.find((o) => o.name === name);
  throw new CliError('RPERF_CLI_MISSING_ARGUMENT', `'${TOOL_NAME} ${spec.name}' needs --${name}`, `add '--${name} ${opt?.value ?? 'VALUE'}'`);
}

/**
 * An integer option in `min..max` (or the default when absent). The bound is checked here,
 * before any input is read or anything is allocated, and stated in the message.
 * @example integerOption({ positionals: [], options: { iterations: '5' } }, 'iterations', 1) // 5
 */
export function integerOption(args: ParsedCommand, name: string, fallback: number | undefined, min = 1, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = args.options[name];
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `>= ${min}` : `in ${min}..${max}`;
    throw new CliError('RPERF_CLI_BAD_VALUE', `--${name} must be an integer ${range}, received '${String(v)}'`, `write e.g. '--${name} ${Math.min(max, Math.max(min, 10))}'`);
  }
  return n;
}

/** A finite number option (or the default when absent). */
export function numberOption(args: ParsedCommand, name: string, fallback: number | undefined): number | undefined {
  const v = args.options[name];
  if (v === undefined) return fallback;
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw new CliError('RPERF_CLI_BAD_VALUE', `--${name} must be a number, received '${String(v)}'`, `write e.g. '--${name} 0.01'`);
  return n;
}

/** One of a fixed set of words (or the default when absent). */
export function choiceOption<T extends string>(args: ParsedCommand, name: string, choices: readonly T[], fallback: T): T {
  const v = args.options[name];
  if (v === undefined) return fallback;
  if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
  const guess = typeof v === 'string' ? closest(v, choices) : null;
  throw new CliError('RPERF_CLI_BAD_VALUE', `--${name} must be one of ${choices.join(', ')}, received '${String(v)}'`, guess ? `did you mean '${guess}'?` : `write e.g. '--${name} ${fallback}'`);
}

/** Longest SeriesInstanceUID (a UI value: 64 characters, PS3.5 6.2). */
const MAX_UID_CHARS = 64;

/**
 * The `--series` option (a SeriesInstanceUID), or null when absent. Checked before any input
 * is read: at most 64 characters, no spaces (whether the UID is in the input is io-parsing's
 * to say, RPERF_IO_SERIES_NOT_FOUND listing those there).
 * @example seriesOption({ positionals: [], options: { series: '1.2.840.113619.2.55' } }) // '1.2.840.113619.2.55'
 */
export function seriesOption(args: ParsedCommand): string | null {
  const v = args.options.series;
  if (v === undefined) return null;
  if (typeof v !== 'string' || v.length > MAX_UID_CHARS || /[\s\u0000-\u001f\u007f]/.test(v)) {
    const shown = typeof v === 'string' && v.length > 80 ? `${v.slice(0, 79)}…` : String(v);
    throw new CliError('RPERF_CLI_BAD_VALUE', `--series must be a SeriesInstanceUID (digits and dots, at most ${MAX_UID_CHARS} characters), received '${shown}'`, `copy the UID from '${TOOL_NAME} info <folder>'`);
  }
  return v;
}

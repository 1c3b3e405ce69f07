/**
 * Argument parsing of one command: `--name value`, `--name=value`, `-o value`, flags,
 * and `--` ending the options. Every mistake is a {@link CliError} naming the token and
 * the fix; nothing here exits.
 */
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

function unknownOption(spec: CommandSpec, token: string): CliError {
  const names = spec.options.map((o) => `--${o.name}`);
  const guess = closest(token.split('=')[0]!, names);
  return new CliError(
    'RPERF_CLI_UNKNOWN_OPTION',
    `unknown option '${token}' for '${TOOL_NAME} ${spec.name}'`,
    `${guess ? `did you mean '${guess}'? ` : ''}see '${TOOL_NAME} ${spec.name} --help' for its options (${names.join(', ')})`,
  );
}

/**
 * Parse a command's arguments against its spec. `--help` anywhere wins and is returned as
 * the `help` option without checking the positionals.
 * @example parseCommandArgs(COMMAND_SPECS.info, ['a.nii', '--json']) // { positionals: ['a.nii'], options: { json: true } }
 */
export function parseCommandArgs(spec: CommandSpec, argv: readonly string[]): ParsedCommand {
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  const byShort = new Map<string, OptionSpec>(spec.options.filter((o) => o.short).map((o) => [o.short!, o]));
  const byLong = new Map<string, OptionSpec>(spec.options.map((o) => [o.name, o]));
  let onlyPositionals = false;
  for (let i = 0; i < argv.length; i++) {
    const tok = argv[i]!;
    if (onlyPositionals || tok === '-' || !tok.startsWith('-')) {
      positionals.push(tok);
      continue;
    }
    if (tok === '--') {
      onlyPositionals = true;
      continue;
    }
    let opt: OptionSpec | undefined;
    let inline: string | undefined;
    if (tok.startsWith('--')) {
      const eq = tok.indexOf('=');
      const name = eq < 0 ? tok.slice(2) : tok.slice(2, eq);
      inline = eq < 0 ? undefined : tok.slice(eq + 1);
      opt = byLong.get(name);
    } else if (tok.length === 2) {
      opt = byShort.get(tok[1]!);
    } else if (/^-\d/.test(tok)) {
      positionals.push(tok); // a negative number
      continue;
    }
    if (!opt) throw unknownOption(spec, tok);
    if (opt.name === 'help') return { positionals, options: { help: true } };
    if (Object.hasOwn(options, opt.name)) {
      throw new CliError('RPERF_CLI_BAD_VALUE', `option '--${opt.name}' is given twice`, 'give it once');
    }
    if (!opt.value) {
      if (inline !== undefined) {
        throw new CliError('RPERF_CLI_BAD_VALUE', `option '--${opt.name}' is a flag and takes no value, received '${tok}'`, `write '--${opt.name}' alone`);
      }
      options[opt.name] = true;
      continue;
    }
    let value = inline;
    if (value === undefined) {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-' && !/^-\d/.test(next))) {
        throw new CliError(
          'RPERF_CLI_MISSING_ARGUMENT',
          `option '--${opt.name}' needs a value ${opt.value}${next === undefined ? '' : `, received the option '${next}'`}`,
          `write '--${opt.name} ${opt.value}'`,
        );
      }
      value = next;
      i++;
    }
    if (value === '') throw new CliError('RPERF_CLI_BAD_VALUE', `option '--${opt.name}' has an empty value`, `write '--${opt.name} ${opt.value}'`);
    options[opt.name] = value;
  }
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

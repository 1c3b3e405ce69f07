/**
 * Help texts, built from the command specs (no command code is loaded to print them).
 */
import { COMMAND_NAMES, COMMAND_SPECS } from './command-specs';
import { MAX_VOXELS_ENV, TOOL_NAME } from './defaults';
import type { CommandSpec } from './types';

const pad = (s: string, n: number): string => (s.length >= n ? s + '  ' : s + ' '.repeat(n - s.length));

/** The top-level help: usage, commands, global options, exit codes. */
export function globalHelp(): string {
  const lines = [
    `Usage: ${TOOL_NAME} <command> [options]`,
    '',
    'Medical-imaging pipeline stages on your own files.',
    '',
    'Commands:',
    ...COMMAND_NAMES.map((n) => `  ${pad(n, 12)}${COMMAND_SPECS[n]!.summary}`),
    '',
    'Options:',
    `  ${pad('-h, --help', 16)}Show this help (or a command's: ${TOOL_NAME} <command> --help)`,
    `  ${pad('-V, --version', 16)}Print the version`,
    '',
    'Environment:',
    `  ${pad(`${MAX_VOXELS_ENV}=N`, 20)}Largest image read or written, in voxels (default 134217728; segment: 16777216)`,
    '',
    'Exit codes: 0 success, 1 unexpected failure, 2 usage error or unusable input.',
  ];
  return lines.join('\n') + '\n';
}

/** The help of one command. */
export function commandHelp(spec: CommandSpec): string {
  const optText = (o: CommandSpec['options'][number]): string =>
    `${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.value ? ` ${o.value}` : ''}`;
  const width = Math.max(...spec.options.map((o) => optText(o).length)) + 2;
  const lines = [
    `Usage: ${TOOL_NAME} ${spec.name} ${spec.positionals.join(' ')} [options]`,
    '',
    spec.summary + '.',
    '',
    'Options:',
    ...spec.options.map((o) => `  ${pad(optText(o), width)}${o.description}`),
  ];
  if (spec.notes) lines.push('', spec.notes);
  return lines.join('\n') + '\n';
}

import { describe, expect, it } from 'vitest';
import { choiceOption, closest, integerOption, numberOption, parseCommandArgs } from './args';
import { COMMAND_SPECS } from './command-specs';
import { CliError } from './errors';

const ct = COMMAND_SPECS['recon-ct']!;

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return e.code;
    throw e;
  }
  return 'none';
}

describe('parseCommandArgs', () => {
  it('reads positionals, --name value, --name=value, -o value and flags', () => {
    expect(parseCommandArgs(ct, ['s.nii', '--angles', '0:180:10', '-o', 'x.nii', '--filter=hann'])).toEqual({
      positionals: ['s.nii'],
      options: { angles: '0:180:10', output: 'x.nii', filter: 'hann' },
    });
    expect(parseCommandArgs(COMMAND_SPECS.info!, ['--json', 'a.nii'])).toEqual({ positionals: ['a.nii'], options: { json: true } });
  });

  it('-- ends the options; a negative number is a value', () => {
    expect(parseCommandArgs(COMMAND_SPECS.info!, ['--', '--json'])).toEqual({ positionals: ['--json'], options: {} });
    expect(parseCommandArgs(ct, ['s.nii', '--angles', '-90:90:4']).options.angles).toBe('-90:90:4');
  });

  it('--help wins over missing positionals', () => {
    expect(parseCommandArgs(ct, ['--help']).options).toEqual({ help: true });
  });

  it('each mistake has its code', () => {
    expect(codeOf(() => parseCommandArgs(ct, ['s.nii', '--bogus']))).toBe('RPERF_CLI_UNKNOWN_OPTION');
    expect(codeOf(() => parseCommandArgs(ct, ['s.nii', '-x']))).toBe('RPERF_CLI_UNKNOWN_OPTION');
    expect(codeOf(() => parseCommandArgs(ct, ['s.nii', '--angles']))).toBe('RPERF_CLI_MISSING_ARGUMENT');
    expect(codeOf(() => parseCommandArgs(ct, ['s.nii', '--angles', '--method', 'fbp']))).toBe('RPERF_CLI_MISSING_ARGUMENT');
    expect(codeOf(() => parseCommandArgs(ct, []))).toBe('RPERF_CLI_MISSING_ARGUMENT');
    expect(codeOf(() => parseCommandArgs(ct, ['a.nii', 'b.nii']))).toBe('RPERF_CLI_EXTRA_ARGUMENT');
    expect(codeOf(() => parseCommandArgs(ct, ['a.nii', '-o', 'x', '-o', 'y']))).toBe('RPERF_CLI_BAD_VALUE');
    expect(codeOf(() => parseCommandArgs(COMMAND_SPECS.info!, ['a.nii', '--json=yes']))).toBe('RPERF_CLI_BAD_VALUE');
    expect(codeOf(() => parseCommandArgs(ct, ['a.nii', '--angles='])).toString()).toBe('RPERF_CLI_BAD_VALUE');
  });
});

describe('option values', () => {
  const args = (options: Record<string, string>) => ({ positionals: [], options });
  it('integers, numbers and choices, with defaults', () => {
    expect(integerOption(args({ iterations: '12' }), 'iterations', 1)).toBe(12);
    expect(integerOption(args({}), 'iterations', 3)).toBe(3);
    expect(codeOf(() => integerOption(args({ iterations: '0' }), 'iterations', 1))).toBe('RPERF_CLI_BAD_VALUE');
    expect(codeOf(() => integerOption(args({ iterations: '2.5' }), 'iterations', 1))).toBe('RPERF_CLI_BAD_VALUE');
    expect(integerOption(args({ size: '4096' }), 'size', undefined, 2, 4096)).toBe(4096);
    expect(() => integerOption(args({ size: '4097' }), 'size', undefined, 2, 4096)).toThrow("--size must be an integer in 2..4096, received '4097'; write e.g. '--size 10'");
    expect(numberOption(args({ lambda: '1e-3' }), 'lambda', undefined)).toBe(0.001);
    expect(codeOf(() => numberOption(args({ lambda: 'abc' }), 'lambda', undefined))).toBe('RPERF_CLI_BAD_VALUE');
    expect(choiceOption(args({ method: 'sart' }), 'method', ['fbp', 'sart'], 'fbp')).toBe('sart');
    expect(() => choiceOption(args({ method: 'sar' }), 'method', ['fbp', 'sart'], 'fbp')).toThrow(/did you mean 'sart'/);
  });

  it('closest: typos and prefixes, nothing for unrelated words', () => {
    expect(closest('--iter', ['--iterations', '--output'])).toBe('--iterations');
    expect(closest('segmnt', ['info', 'segment', 'recon-mri'])).toBe('segment');
    expect(closest('zzzzzz', ['info', 'segment'])).toBeNull();
  });
});

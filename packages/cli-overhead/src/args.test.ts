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
    expect(parseCommandArgs(ct, ['s.nii', '-o', '-1.nii', '--size=-3']).options).toEqual({ output: '-1.nii', size: '-3' });
    expect(parseCommandArgs(COMMAND_SPECS.info!, ['-'])).toEqual({ positionals: ['-'], options: {} });
  });

  it('--help (or -h) wins over missing positionals and other mistakes, not after --', () => {
    expect(parseCommandArgs(ct, ['--help']).options).toEqual({ help: true });
    expect(parseCommandArgs(ct, ['--bogus', '-h']).options).toEqual({ help: true });
    expect(parseCommandArgs(COMMAND_SPECS.info!, ['--', '-h'])).toEqual({ positionals: ['-h'], options: {} });
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

describe('parseCommandArgs messages: one line, naming the token and the fix', () => {
  const message = (spec: typeof ct, argv: string[]): string => {
    try {
      parseCommandArgs(spec, argv);
    } catch (e) {
      return (e as Error).message;
    }
    return 'no error';
  };
  it('says each mistake as before the move to parseArgs', () => {
    expect(message(ct, ['s.nii', '--angels', '0:180:10'])).toMatch(/^unknown option '--angels' for 'rhenium recon-ct'; did you mean '--angles'\? see 'rhenium recon-ct --help'/);
    expect(message(ct, ['s.nii', '-ox.nii'])).toMatch(/^unknown option '-ox.nii' for 'rhenium recon-ct'; see/);
    expect(message(ct, ['-5.nii'])).toMatch(/a path starting with '-' goes after '--' \('rhenium recon-ct -- -5.nii'\)/);
    expect(message(ct, ['s.nii', '--angles'])).toBe("option '--angles' needs a value START:STOP:COUNT; write '--angles START:STOP:COUNT'");
    expect(message(ct, ['s.nii', '--angles', '--method', 'fbp'])).toBe("option '--angles' needs a value START:STOP:COUNT, received the option '--method'; write '--angles START:STOP:COUNT'");
    expect(message(ct, ['s.nii', '-o'])).toBe("option '--output' needs a value FILE; write '--output FILE'");
    expect(message(ct, ['s.nii', '-o', '-out.nii'])).toMatch(/^option '--output' needs a value FILE, received "-out.nii" .*write --output=-out.nii for such a value/);
    expect(message(ct, ['a.nii', '-o', 'x', '--output=y'])).toBe("option '--output' is given twice; give it once");
    expect(message(COMMAND_SPECS.info!, ['a.nii', '--json', '--json'])).toBe("option '--json' is given twice; give it once");
    expect(message(COMMAND_SPECS.info!, ['a.nii', '--json=yes'])).toBe("option '--json' is a flag and takes no value, received '--json=yes'; write '--json' alone");
    expect(message(ct, ['a.nii', '--angles='])).toBe("option '--angles' has an empty value; write '--angles START:STOP:COUNT'");
    expect(message(ct, ['a.nii', 'b.nii'])).toBe("unexpected argument 'b.nii' for 'rhenium recon-ct'; usage: rhenium recon-ct <sinogram.nii[.gz]>; quote paths that contain spaces");
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

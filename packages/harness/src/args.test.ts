import { describe, expect, it } from 'vitest';
import { listOption, parseCommandLine, stringOption } from './args';

const options = {
  smoke: { type: 'boolean' },
  device: { type: 'string' },
  tag: { type: 'string', multiple: true },
  verbose: { type: 'boolean', short: 'v' },
} as const;
const fail = (m: string): Error => new Error(m);
const parse = (argv: string[], positionals = false) => parseCommandLine(argv, options, fail, { positionals });
const message = (argv: string[], positionals = false): string => {
  try {
    parse(argv, positionals);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('parseCommandLine', () => {
  it('reads flags, values, inline values, repeated options and the short alias', () => {
    const { values, positionals } = parse(['--smoke', '--device', 'cuda', '--tag=a', '--tag', 'b', '-v']);
    expect(values.smoke).toBe(true);
    expect(stringOption(values, 'device')).toBe('cuda');
    expect(listOption(values, 'tag')).toEqual(['a', 'b']);
    expect(values.verbose).toBe(true);
    expect(positionals).toEqual([]);
    expect(stringOption(values, 'missing')).toBeNull();
    expect(listOption(values, 'missing')).toEqual([]);
  });

  it('keeps positionals only when asked', () => {
    expect(parse(['a.json', '--smoke', 'b.json'], true).positionals).toEqual(['a.json', 'b.json']);
    expect(message(['a.json'])).toBe('unexpected argument "a.json"');
  });

  it('says each fault in one line, in the project words', () => {
    expect(message(['--x'])).toBe('unknown option "--x"');
    expect(message(['--x=1'])).toBe('unknown option "--x=1"');
    expect(message(['-q'])).toBe('unknown option "-q"');
    expect(message(['--smoke=1'])).toBe('--smoke takes no value');
    expect(message(['--device'])).toBe('--device needs a value');
    expect(message(['--device', '--smoke'])).toBe('--device needs a value');
    expect(message(['--device', '-1'])).toBe('--device needs a value, received "-1" (it starts with a dash, so it reads as an option; write --device=-1 for such a value)');
    for (const argv of [['--x'], ['--device'], ['--device', '-1'], ['a']]) expect(message(argv)).not.toMatch(/\n/);
  });

  it('names an option with a short alias by what parseArgs reports, and gives the long inline form', () => {
    const aliased = { output: { type: 'string', short: 'o' }, verbose: { type: 'boolean', short: 'v' } } as const;
    const said = (argv: string[]): string => {
      try {
        parseCommandLine(argv, aliased, fail);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(said(['-o'])).toBe('--output needs a value');
    expect(said(['--output'])).toBe('--output needs a value');
    expect(said(['--verbose=1'])).toBe('--verbose takes no value');
    expect(said(['-o', '-x'])).toBe('-o needs a value, received "-x" (it starts with a dash, so it reads as an option; write --output=-x for such a value)');
    expect(said(['--output', '-x'])).toBe('--output needs a value, received "-x" (it starts with a dash, so it reads as an option; write --output=-x for such a value)');
  });

  it('accepts a dash value written inline', () => {
    expect(stringOption(parse(['--device=-1']).values, 'device')).toBe('-1');
  });
});

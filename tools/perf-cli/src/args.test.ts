import { describe, expect, it } from 'vitest';
import { parseArgs } from './args';

describe('parseArgs', () => {
  it('the seed options', () => {
    expect(parseArgs(['--full', '--device', 'auto', '--json-out', '--baseline', 'b.json', '--fail-on-regression', '--output-dir', 'o', '-v'])).toMatchObject({
      command: 'run', mode: 'full', device: 'auto', jsonOut: true, baseline: 'b.json', failOnRegression: true, outputDir: 'o', verbose: true,
    });
    expect(parseArgs([])).toMatchObject({ command: 'run', mode: 'smoke', device: 'cpu', affected: false, fresh: false });
  });
  it('subcommands', () => {
    expect(parseArgs(['merge', 'a.json', 'b.json'])).toEqual({ command: 'merge', files: ['a.json', 'b.json'], inputDir: null, output: null });
    expect(parseArgs(['baseline', 'update', '--output', 'baselines/v2.json'])).toEqual({ command: 'baseline-update', input: null, output: 'baselines/v2.json' });
  });
  it('usage errors name the problem and the fix', () => {
    expect(() => parseArgs(['--smoke', '--full'])).toThrow('--smoke and --full cannot be used together; choose one; see rhenium-perf --help');
    expect(() => parseArgs(['--device', 'gpu'])).toThrow('--device must be cpu, cuda or auto, received "gpu"');
    expect(() => parseArgs(['--wat'])).toThrow('unknown option "--wat"');
    expect(() => parseArgs(['--fail-on-regression'])).toThrow(/needs --baseline PATH/);
    expect(() => parseArgs(['--format', 'csv'])).toThrow('--format must be one of bmf, github-action-benchmark, received "csv"');
    expect(() => parseArgs(['compare'])).toThrow('compare needs --baseline FILE');
    expect(() => parseArgs(['baseline'])).toThrow(/baseline needs the subcommand "update"/);
  });
});

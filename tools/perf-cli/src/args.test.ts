import { describe, expect, it } from 'vitest';
import { parseArgs, parseDuration, type AbArgs } from './args';
import { PerfCliError } from './errors';

describe('parseArgs', () => {
  it('the seed options', () => {
    expect(parseArgs(['--full', '--device', 'auto', '--json-out', '--baseline', 'b.json', '--fail-on-regression', '--output-dir', 'o', '-v'])).toMatchObject({
      command: 'run', mode: 'full', device: 'auto', jsonOut: true, baseline: 'b.json', failOnRegression: true, outputDir: 'o', verbose: true,
    });
    expect(parseArgs([])).toMatchObject({ command: 'run', mode: 'smoke', device: 'cpu', affected: false, fresh: false, config: null, failOn: [], docsDir: null });
  });
  it('run: --config, --fail-on (repeatable) and --docs-dir', () => {
    expect(parseArgs(['--baseline', 'b.json', '--config', 'perf.json', '--fail-on', 'inconclusive', '--fail-on=missing', '--docs-dir', 'docs/perf'])).toMatchObject({
      command: 'run', baseline: 'b.json', config: 'perf.json', failOn: ['inconclusive', 'missing'], docsDir: 'docs/perf',
    });
    expect(() => parseArgs(['--config', 'perf.json'])).toThrow('--config applies to the comparison: it needs --baseline PATH');
    expect(() => parseArgs(['--baseline', 'b.json', '--fail-on', 'regression'])).toThrow('--fail-on must be inconclusive or missing, received "regression"');
    expect(() => parseArgs(['--docs-dir'])).toThrow('--docs-dir needs a value');
    expect(parseArgs(['--full', '--shard', '3/3', '--dry-run'])).toMatchObject({ command: 'run', mode: 'full', shard: { index: 3, count: 3 }, dryRun: true });
    expect(parseArgs([])).toMatchObject({ shard: null, dryRun: false, processes: null });
    expect(parseArgs(['--full', '--processes', '5'])).toMatchObject({ mode: 'full', processes: 5 });
    expect(() => parseArgs(['--full', '--processes', '0'])).toThrow('--processes needs an integer from 1 to 100, received "0"');
    expect(() => parseArgs(['--full', '--processes', '2.5'])).toThrow('--processes needs an integer from 1 to 100, received "2.5"');
    expect(() => parseArgs(['--shard', '4/3'])).toThrow('--shard needs k/n with 1 ≤ k ≤ n ≤ 64 (e.g. --shard 2/3), received "4/3"; see rhenium-perf --help');
  });
  it('subcommands', () => {
    expect(parseArgs(['merge', 'a.json', 'b.json'])).toEqual({ command: 'merge', files: ['a.json', 'b.json'], inputDir: null, output: null, allowEnvMismatch: false });
    expect(parseArgs(['merge', '--input-dir', 'p', '--allow-env-mismatch', '--output', 'r.json'])).toEqual({ command: 'merge', files: [], inputDir: 'p', output: 'r.json', allowEnvMismatch: true });
    expect(() => parseArgs(['merge', '--allow-env-mismatch=yes'])).toThrow('--allow-env-mismatch takes no value');
    expect(parseArgs(['compare', '--baseline', 'b.json', '--fail-on', 'missing'])).toMatchObject({ command: 'compare', baseline: 'b.json', failOn: ['missing'], allowEnvMismatch: false });
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

  describe('ab', () => {
    it('defaults: smoke, cpu, the working tree against --base, 8 minutes, 8..30 rounds, α = 0.05, seed 1', () => {
      expect(parseArgs(['ab', '--base', 'origin/main'])).toEqual({
        command: 'ab', base: 'origin/main', head: null, mode: 'smoke', device: 'cpu', filter: null, affected: false,
        budgetSec: 480, minRounds: 8, maxRounds: 30, alpha: 0.05, seed: 1, outputDir: null, formats: [], config: null,
        failOnRegression: false, failOn: [], verbose: false, shard: null, profileRegressions: false,
      });
    });

    it('every option', () => {
      expect(
        parseArgs([
          'ab', '--base=HEAD~1', '--head', 'feature', '--full', '--device', 'auto', '--filter', '^recon_', '--affected', '--budget', '90s',
          '--min-rounds', '4', '--max-rounds', '12', '--alpha', '0.01', '--seed', '42', '--output-dir', 'out', '--format', 'bmf',
          '--config', 'perf.json', '--fail-on-regression', '--fail-on', 'inconclusive', '--fail-on', 'missing', '-v', '--shard', '2/4', '--profile-regressions',
        ]),
      ).toEqual({
        command: 'ab', base: 'HEAD~1', head: 'feature', mode: 'full', device: 'auto', filter: '^recon_', affected: true,
        budgetSec: 90, minRounds: 4, maxRounds: 12, alpha: 0.01, seed: 42, outputDir: 'out', formats: ['bmf'], config: 'perf.json',
        failOnRegression: true, failOn: ['inconclusive', 'missing'], verbose: true, shard: { index: 2, count: 4 }, profileRegressions: true,
      });
      // --max-rounds defaults to 30, or to --min-rounds when that is larger
      expect(parseArgs(['ab', '--base', 'x', '--min-rounds', '40'])).toMatchObject({ minRounds: 40, maxRounds: 40 });
    });

    it('a missing --base is a usage error (exit 2) that says how to give it', () => {
      let error: unknown;
      try {
        parseArgs(['ab', '--head', 'feature']);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PerfCliError);
      expect((error as PerfCliError).code).toBe('RPERF_USAGE');
      expect((error as PerfCliError).exitCode).toBe(2);
      expect((error as Error).message).toBe('ab needs --base REF (the commit to compare with, e.g. --base origin/main or --base HEAD~1); see rhenium-perf --help');
      expect(() => parseArgs(['ab'])).toThrow(/ab needs --base REF/);
      expect(() => parseArgs(['ab', '--base'])).toThrow('--base needs a value');
      expect(() => parseArgs(['ab', '--base', '--full'])).toThrow('--base needs a value');
    });

    it('--budget takes 8m, 90s, 1h or plain seconds, and refuses junk', () => {
      const budget = (v: string): number => (parseArgs(['ab', '--base', 'x', `--budget=${v}`]) as AbArgs).budgetSec;
      expect(budget('8m')).toBe(480);
      expect(budget('90s')).toBe(90);
      expect(budget('1h')).toBe(3600);
      expect(budget('120')).toBe(120);
      expect(budget('1.5m')).toBe(90);
      expect(budget('24h')).toBe(86_400);
      expect(parseDuration('--budget', '2m')).toBe(120);
      for (const junk of ['soon', '8 minutes', '8min', 'm', '-5m', '0', '0s', '1d', '25h', '1e3', '8m30s', '']) {
        expect(() => budget(junk), junk).toThrow(`--budget needs a duration such as 8m, 90s or 1h (at most 24h), received "${junk}"`);
      }
    });

    it('--fail-on takes only inconclusive or missing', () => {
      expect(parseArgs(['ab', '--base', 'x', '--fail-on', 'missing'])).toMatchObject({ failOn: ['missing'] });
      for (const bad of ['regression', 'unchanged', 'improvement', 'new', 'all', 'INCONCLUSIVE']) {
        expect(() => parseArgs(['ab', '--base', 'x', '--fail-on', bad]), bad).toThrow(`--fail-on must be inconclusive or missing, received "${bad}"`);
      }
    });

    it('rounds, α, seed, device, mode and filter are checked', () => {
      expect(() => parseArgs(['ab', '--base', 'x', '--min-rounds', '1'])).toThrow('--min-rounds needs an integer from 2 to 1000, received "1"');
      expect(() => parseArgs(['ab', '--base', 'x', '--min-rounds', '2.5'])).toThrow('--min-rounds needs an integer from 2 to 1000, received "2.5"');
      expect(() => parseArgs(['ab', '--base', 'x', '--min-rounds', '10', '--max-rounds', '8'])).toThrow('--max-rounds needs an integer from 10 to 1000, received "8"');
      expect(() => parseArgs(['ab', '--base', 'x', '--alpha', '0.5'])).toThrow('--alpha needs a number in (0, 0.5), received "0.5"');
      expect(() => parseArgs(['ab', '--base', 'x', '--alpha', 'five'])).toThrow('--alpha needs a number in (0, 0.5), received "five"');
      expect(() => parseArgs(['ab', '--base', 'x', '--seed=-1'])).toThrow(/--seed needs an integer from 0 to/);
      // A value that starts with a dash, given as the next word, reads as an option (node:util parseArgs).
      expect(() => parseArgs(['ab', '--base', 'x', '--seed', '-1'])).toThrow('--seed needs a value, received "-1" (it starts with a dash, so it reads as an option; write --seed=-1 for such a value); see rhenium-perf --help');
      expect(() => parseArgs(['ab', '--base', 'x', '--device', 'gpu'])).toThrow('--device must be cpu, cuda or auto, received "gpu"');
      expect(() => parseArgs(['ab', '--base', 'x', '--smoke', '--full'])).toThrow('--smoke and --full cannot be used together');
      expect(() => parseArgs(['ab', '--base', 'x', '--filter', '('])).toThrow('--filter "(" is not a valid regular expression');
      expect(() => parseArgs(['ab', '--base', 'x', '--format', 'csv'])).toThrow('--format must be one of bmf, github-action-benchmark, received "csv"');
      expect(() => parseArgs(['ab', '--base', 'x', 'extra'])).toThrow('unexpected argument "extra"');
      expect(() => parseArgs(['ab', '--base', 'x', '--baseline', 'b.json'])).toThrow('unknown option "--baseline"');
    });
  });
});

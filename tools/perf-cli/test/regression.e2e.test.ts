// End to end: a real case measured, then measured again with RHENIUM_PERF_SLOWDOWN making it
// do 3x the work; `rhenium-perf compare --fail-on-regression` must exit 1 for the slowed run
// and 0 for an unchanged one.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SLOWDOWN_ENV, runBenchCli } from '@rhenium-perf/harness';
import type { Report } from '@rhenium-perf/schema';
import { main } from '../src/main';

const pkg = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'work-pkg');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-regression-'));
const quiet = (): PassThrough => new PassThrough().resume() as PassThrough;

async function measure(name: string, slowdown: string | null): Promise<string> {
  const results = path.join(dir, `${name}.results.json`);
  if (slowdown) process.env[SLOWDOWN_ENV] = slowdown;
  try {
    const code = await runBenchCli({ packageRoot: pkg, argv: ['--smoke', '--out', results], stdout: quiet(), stderr: quiet() });
    expect(code).toBe(0);
  } finally {
    delete process.env[SLOWDOWN_ENV];
  }
  const report = path.join(dir, `${name}.report.json`);
  expect(await main(['merge', results, '--output', report], { stdout: quiet(), stderr: quiet(), cwd: dir })).toBe(0);
  return report;
}

describe('regression detection end to end', async () => {
  const baseline = await measure('baseline', null);
  const slowed = await measure('slowed', '^work_dot_200k$=3');

  it('a 3x slower case is a regression: exit 1 with --fail-on-regression', async () => {
    let text = '';
    const out = new PassThrough();
    out.on('data', (c: Buffer) => (text += c.toString()));
    const code = await main(['compare', '--baseline', baseline, '--input', slowed, '--fail-on-regression'], { stdout: out, stderr: out, cwd: dir });
    expect(code).toBe(1);
    expect(text).toMatch(/REGRESSION work_dot_200k latency_p95_ms/);
    const report = JSON.parse(fs.readFileSync(slowed, 'utf8')) as Report;
    expect(report.summary.regression_status).toBe('regression');
    expect(report.benchmarks[0]!.metadata.slowdown_factor).toBe(3);
  });

  it('the same measurements compared with themselves pass', async () => {
    // NOTE: a second real measurement is not used here: on a shared, noisy machine two honest
    // runs can differ significantly (load drifts between them). The synthetic A/A trials in
    // src/compare/decision-rule.test.ts bound the false-alarm rate instead.
    const copy = path.join(dir, 'baseline-copy.report.json');
    fs.copyFileSync(baseline, copy);
    const code = await main(['compare', '--baseline', baseline, '--input', copy, '--fail-on-regression'], { stdout: quiet(), stderr: quiet(), cwd: dir });
    expect(code).toBe(0);
    const report = JSON.parse(fs.readFileSync(copy, 'utf8')) as Report;
    expect(report.summary.regression_status).toBe('pass');
    expect(report.comparison!.comparisons.every((c) => c.state === 'unchanged')).toBe(true);
  });

  it('a baseline that is missing, not JSON, or not a report: exit 2 naming the file', async () => {
    const notJson = path.join(dir, 'broken.json');
    fs.writeFileSync(notJson, '{ nope');
    const notReport = path.join(dir, 'results-not-report.json');
    fs.copyFileSync(path.join(dir, 'baseline.results.json'), notReport);
    for (const [file, pattern] of [
      [path.join(dir, 'nowhere.json'), /nowhere\.json does not exist/],
      [notJson, /broken\.json/],
      [notReport, /results-not-report\.json/],
    ] as const) {
      let text = '';
      const err = new PassThrough();
      err.on('data', (c: Buffer) => (text += c.toString()));
      expect(await main(['compare', '--baseline', file, '--input', baseline], { stdout: quiet(), stderr: err, cwd: dir })).toBe(2);
      expect(text).toMatch(pattern);
      expect(text.trim().split('\n')).toHaveLength(1);
    }
  });
});

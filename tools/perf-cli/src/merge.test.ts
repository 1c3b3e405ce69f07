import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { sampleBenchmark, sampleResults, validateReport, type ResultsFile } from '@rhenium-perf/schema';
import { PerfCliError } from './errors';
import { main } from './main';
import { mergeResults, topLineMetrics } from './merge';

function results(project: string, ids: string[], patch: Partial<ResultsFile> = {}): ResultsFile {
  const r = sampleResults();
  return {
    ...r,
    project,
    duration_sec: 2,
    benchmarks: ids.map((id, i) => sampleBenchmark({ id, project, memory: { ...r.benchmarks[0]!.memory, rss_mb_peak: 50 + i } })),
    ...patch,
  };
}

describe('mergeResults', () => {
  it('merges packages, counts states, lists missing packages, sums durations', () => {
    const a = results('reconstruction-mri', ['a1', 'a2']);
    const b = results('reconstruction-ct', ['b1']);
    b.benchmarks.push(sampleBenchmark({ id: 'b2', state: 'failed', success: false, error: 'verify failed: rmse', project: 'reconstruction-ct' }));
    const report = mergeResults([a, b], { expectedProjects: ['reconstruction-mri', 'reconstruction-ct', 'pinn-step'] });
    expect(validateReport(report).valid).toBe(true);
    expect(report.summary).toMatchObject({ total_benchmarks: 4, passed: 3, failed: 1, skipped: 0, total_duration_sec: 4, regression_status: 'not_checked' });
    expect(report.missing_packages).toEqual(['pinn-step']);
    expect(report.packages.map((p) => [p.project, p.benchmarks, p.failed])).toEqual([
      ['reconstruction-ct', 2, 1],
      ['reconstruction-mri', 2, 0],
    ]);
    expect(report.summary.top_line_metrics.peak_rss_mb).toBe(72); // b2 keeps the sample's 72 MB
  });

  it('refuses a benchmark id reported by two packages', () => {
    expect(() => mergeResults([results('p1', ['same']), results('p2', ['same'])])).toThrow(/"same" appears in both p1 and p2/);
  });

  it('refuses results from two machine fingerprints: RPERF_ENV_MISMATCH, exit 2, naming both and the packages', () => {
    const a = results('reconstruction-mri', ['a1']);
    const b = results('reconstruction-ct', ['b1'], { environment: { ...sampleResults().environment, machine_fingerprint: 'fedcba9876543210', cpu: 'Other CPU' } });
    const c = results('pinn-step', ['c1']);
    let error: unknown;
    try {
      mergeResults([a, b, c]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PerfCliError);
    expect((error as PerfCliError).code).toBe('RPERF_ENV_MISMATCH');
    expect((error as PerfCliError).exitCode).toBe(2);
    expect((error as Error).message).toBe(
      'the results come from 2 machines: 0123456789abcdef (reconstruction-mri, pinn-step) vs fedcba9876543210 (reconstruction-ct); merge results of one machine, or pass --allow-env-mismatch (each package keeps its own environment in the report)',
    );
    // allowed: every package keeps its own environment; the report's is the first package's (by project)
    const report = mergeResults([a, b, c], { allowEnvMismatch: true });
    expect(validateReport(report).valid).toBe(true);
    expect(report.packages.map((p) => [p.project, p.environment.machine_fingerprint, p.environment.cpu])).toEqual([
      ['pinn-step', '0123456789abcdef', a.environment.cpu],
      ['reconstruction-ct', 'fedcba9876543210', 'Other CPU'],
      ['reconstruction-mri', '0123456789abcdef', a.environment.cpu],
    ]);
    expect(report.environment.machine_fingerprint).toBe('0123456789abcdef');
  });

  it("records each package's environment, also when every file comes from one machine", () => {
    const a = results('reconstruction-mri', ['a1']);
    const b = results('reconstruction-ct', ['b1'], { environment: { ...sampleResults().environment, node: 'v20.99.0' } }); // same fingerprint
    const report = mergeResults([a, b]);
    expect(report.packages.map((p) => p.environment)).toEqual([b.environment, a.environment]);
    expect(report.packages[0]!.environment.node).toBe('v20.99.0');
  });

  it('takes the top line from the e2e case tagged topline', () => {
    const e2e = [
      sampleBenchmark({ id: 'e2e_ct_small', category: 'e2e_core_model', tags: ['full'], latency_ms: { ...sampleBenchmark().latency_ms, p50: 9, p95: 10 } }),
      sampleBenchmark({ id: 'e2e_mri_small', category: 'e2e_core_model', tags: ['full', 'topline'], latency_ms: { ...sampleBenchmark().latency_ms, p50: 20, p95: 25 } }),
    ];
    const t = topLineMetrics(e2e);
    expect([t.e2e_p50_ms, t.e2e_p95_ms]).toEqual([20, 25]);
    expect(topLineMetrics([sampleBenchmark()]).e2e_p50_ms).toBeNull();
  });
});

describe('rhenium-perf merge', () => {
  const sink = (): { s: PassThrough; text: () => string } => {
    const s = new PassThrough();
    let t = '';
    s.on('data', (c: Buffer) => (t += c.toString()));
    return { s, text: () => t };
  };

  it('writes a valid report from a folder of results files', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-merge-'));
    fs.mkdirSync(path.join(dir, 'packages'));
    fs.writeFileSync(path.join(dir, 'packages', 'a.json'), JSON.stringify(results('a', ['x1'])));
    fs.writeFileSync(path.join(dir, 'packages', 'b.json'), JSON.stringify(results('b', ['y1'])));
    const out = path.join(dir, 'report.json');
    const o = sink();
    const code = await main(['merge', '--input-dir', path.join(dir, 'packages'), '--output', out], { stdout: o.s, stderr: o.s, cwd: dir });
    expect(code).toBe(0);
    expect(validateReport(JSON.parse(fs.readFileSync(out, 'utf8'))).valid).toBe(true);
  });

  it('an invalid results file: exit 2, the file and JSON path named, the previous report kept', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-merge-'));
    const bad = results('a', ['x1']) as unknown as { benchmarks: { throughput: { items_per_sec: unknown } }[] };
    bad.benchmarks[0]!.throughput.items_per_sec = -3;
    const badFile = path.join(dir, 'a.json');
    fs.writeFileSync(badFile, JSON.stringify(bad));
    const out = path.join(dir, 'report.json');
    fs.writeFileSync(out, 'previous');
    const e = sink();
    const code = await main(['merge', badFile, '--output', out], { stdout: e.s, stderr: e.s, cwd: dir });
    expect(code).toBe(2);
    expect(e.text()).toContain(`${badFile} is not a valid results document: /benchmarks/0/throughput/items_per_sec: must be >= 0`);
    expect(fs.readFileSync(out, 'utf8')).toBe('previous');
  });

  it('results files of two machines: exit 2, nothing written; --allow-env-mismatch merges them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-merge-'));
    const fa = path.join(dir, 'a.json');
    const fb = path.join(dir, 'b.json');
    fs.writeFileSync(fa, JSON.stringify(results('a', ['x1'])));
    fs.writeFileSync(fb, JSON.stringify(results('b', ['y1'], { environment: { ...sampleResults().environment, machine_fingerprint: 'fedcba9876543210' } })));
    const out = path.join(dir, 'report.json');
    const e = sink();
    expect(await main(['merge', fa, fb, '--output', out], { stdout: e.s, stderr: e.s, cwd: dir })).toBe(2);
    expect(e.text()).toContain('the results come from 2 machines');
    expect(e.text()).toContain('0123456789abcdef (a) vs fedcba9876543210 (b)');
    expect(fs.existsSync(out)).toBe(false);
    const o = sink();
    expect(await main(['merge', fa, fb, '--output', out, '--allow-env-mismatch'], { stdout: o.s, stderr: o.s, cwd: dir })).toBe(0);
    const report = JSON.parse(fs.readFileSync(out, 'utf8')) as ReturnType<typeof mergeResults>;
    expect(validateReport(report).valid).toBe(true);
    expect(report.packages.map((p) => p.environment.machine_fingerprint)).toEqual(['0123456789abcdef', 'fedcba9876543210']);
  });

  it('a results file that is not JSON: exit 2 naming the file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-merge-'));
    const f = path.join(dir, 'x.json');
    fs.writeFileSync(f, '{"schema_version": ');
    const e = sink();
    expect(await main(['merge', f, '--output', path.join(dir, 'r.json')], { stdout: e.s, stderr: e.s, cwd: dir })).toBe(2);
    expect(e.text()).toMatch(/x\.json is not JSON/);
  });
});

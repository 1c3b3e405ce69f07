// The runner's states with real child processes (one per case), from the sources via tsx.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIN_SAMPLE_TIME_MS, type BenchmarkResult } from '@rhenium-perf/harness';
import { loadBenchCases } from '../src/discover';
import { runCases, selectCases } from '../src/runner';

const here = path.dirname(fileURLToPath(import.meta.url));
const childEntry = path.join(here, '..', 'src', 'child.ts');
const execArgv = ['--import', 'tsx', '--conditions=@rhenium-perf/source'];

describe('runner with real child processes', async () => {
  const located = await loadBenchCases([path.join(here, 'fixtures', 'states.bench.ts')]);
  const results: BenchmarkResult[] = await runCases({
    cases: selectCases(located, { mode: 'full' }),
    mode: 'full',
    device: 'cpu',
    packageRef: { name: '@rhenium-perf/harness-test', version: '0.0.0' },
    project: 'harness-test',
    childEntry,
    execArgv,
  });
  const byId = new Map(results.map((r) => [r.id, r]));

  it('runs every selected case and goes on after failures', () => {
    expect(results.map((r) => r.id)).toEqual([
      'ok_sum', 'throws_in_run', 'wrong_answer', 'hangs', 'exits_process', 'skipped_by_env', 'needs_gpu', 'staged', 'tiny_call', 'phases', 'big_verify', 'wall_phases',
    ]);
  });

  it('a passing case has samples, statistics, memory and its quality', () => {
    const r = byId.get('ok_sum')!;
    expect(r.state).toBe('passed');
    expect(r.success).toBe(true);
    expect(r.samples_ms.length).toBe(3);
    // 3 processes of 1 timed sample each (the fixture's counts), each with its own batch.
    expect(r.process_samples).toEqual([1, 1, 1]);
    expect(r.process_batch_sizes).toHaveLength(3);
    expect(r.warmup_runs_per_process).toBe(1);
    expect(r.latency_ms.p50).toBeGreaterThan(0);
    expect(r.quality.abs_error).toEqual({ value: 0, unit: '', higher_is_better: false, threshold: 0 });
    expect(r.memory.rss_mb_peak).toBeGreaterThan(10);
    expect(r.memory.rss_mb_peak!).toBeGreaterThanOrEqual(r.memory.rss_mb_before!);
    expect(r.memory.vram_mb_peak).toBeNull();
    expect(r.throughput.items_per_sec).toBeGreaterThan(0);
  });

  it('a throw in run is a failure with the message', () => {
    const r = byId.get('throws_in_run')!;
    expect(r.state).toBe('failed');
    expect(r.error).toMatch(/run failed \(warm-up\): kernel exploded/);
    expect(r.throughput.items_per_sec).toBeNull();
  });

  it('a wrong answer fails verify', () => {
    const r = byId.get('wrong_answer')!;
    expect(r.state).toBe('failed');
    expect(r.error).toMatch(/verify failed: abs_error = 1 exceeds the allowed maximum 0/);
  });

  it('a hang is killed at its timeout', () => {
    const r = byId.get('hangs')!;
    expect(r.state).toBe('failed');
    expect(r.error).toMatch(/timed out after 1500 ms/);
    expect(r.timeout_ms).toBe(1500);
  });

  it('a case that exits its process is recorded with the exit code', () => {
    const r = byId.get('exits_process')!;
    expect(r.state).toBe('failed');
    expect(r.error).toMatch(/exited with code 3 before reporting a result/);
  });

  it('skipIf and gpu without CUDA are skipped with their reasons', () => {
    expect(byId.get('skipped_by_env')!.skipped_reason).toBe('needs a frobnicator');
    const g = byId.get('needs_gpu')!;
    expect(g.state).toBe('skipped');
    expect(g.skipped_reason).toMatch(/^requires CUDA: /);
  });

  it('stage times are recorded per stage and add up to about the whole', () => {
    const r = byId.get('staged')!;
    expect(r.state).toBe('passed');
    expect(r.stages!.map((s) => s.name)).toEqual(['first', 'second']);
    const sum = r.stages!.reduce((a, s) => a + s.mean_ms, 0);
    expect(sum).toBeLessThanOrEqual(r.latency_ms.mean! * 1.05 + 0.01);
    expect(sum).toBeGreaterThan(r.latency_ms.mean! * 0.5);
  });

  it('calls too short for the clock are batched per process, and every timed sample lasts at least the minimum', () => {
    const r = byId.get('tiny_call')!;
    expect(r.state).toBe('passed');
    expect(r.process_batch_sizes).toHaveLength(3);
    expect(Math.min(...r.process_batch_sizes)).toBeGreaterThan(1);
    expect(r.batch_size).toBe(Math.min(...r.process_batch_sizes));
    expect(r.latency_ms.p50!).toBeLessThan(1);
    let at = 0;
    r.process_samples.forEach((n, p) => {
      for (const x of r.samples_ms.slice(at, at + n)) expect(x * r.process_batch_sizes[p]!).toBeGreaterThanOrEqual(MIN_SAMPLE_TIME_MS);
      at += n;
    });
  });

  it('run sees its phase, only measured calls become samples, and verify gets the harness samples', () => {
    const r = byId.get('phases')!;
    expect(r.state).toBe('passed');
    expect(r.samples_ms).toHaveLength(12);
    // Plain figures are the median over the 3 processes: 1 warm-up call and 4 samples in each.
    expect(r.quality.warmup_calls!.value).toBe(1);
    expect(r.quality.harness_samples!.value).toBe(4);
    expect(r.quality.calibrate_calls!.value).toBeGreaterThanOrEqual(1);
    // A target is filed apart from the checks, with whether it was met.
    expect(r.quality.median_ms).toBeUndefined();
    expect(r.targets.median_ms!.met).toBe(true);
    expect(r.targets.median_ms!.value).toBeGreaterThan(0);
  });

  it('peak RSS is read after the timed runs, before verify allocates its references', () => {
    const r = byId.get('big_verify')!;
    expect(r.state).toBe('passed');
    expect(r.quality.ref_bytes!.value).toBe(300 * 1024 * 1024);
    expect(r.memory.rss_mb_peak!).toBeLessThan(r.memory.rss_mb_before! + 100);
  });

  it("each phase's wall time is summed over the processes, in phase order, and the phases fill the case's time", () => {
    const r = byId.get('wall_phases')!;
    expect(r.state).toBe('passed');
    const phases = r.metadata.wall_phases_sec as Record<string, number>;
    expect(Object.keys(phases)).toEqual(['process', 'import', 'setup', 'wait', 'warmup', 'calibrate', 'measured', 'verify']);
    // 2 processes: setup busy 40 ms and verify busy 30 ms in each.
    expect(phases.setup).toBeGreaterThanOrEqual(0.08);
    expect(phases.verify).toBeGreaterThanOrEqual(0.06);
    for (const v of Object.values(phases)) expect(v).toBeGreaterThanOrEqual(0);
    // Every process's life is split into its phases, so they add up to the case's duration
    // (the runner's clock around each process; each phase rounded to the millisecond).
    const sum = Object.values(phases).reduce((a, b) => a + b, 0);
    expect(sum).toBeLessThanOrEqual(r.duration_sec + 0.004);
    expect(sum).toBeGreaterThanOrEqual(r.duration_sec * 0.9);
  });
});

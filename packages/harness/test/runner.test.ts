// The runner's states with real child processes (one per case), from the sources via tsx.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadBenchCases, runCases, selectCases, type BenchmarkResult } from '@rhenium-perf/harness';

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
      'ok_sum', 'throws_in_run', 'wrong_answer', 'hangs', 'exits_process', 'skipped_by_env', 'needs_gpu', 'staged', 'tiny_call',
    ]);
  });

  it('a passing case has samples, statistics, memory and its quality', () => {
    const r = byId.get('ok_sum')!;
    expect(r.state).toBe('passed');
    expect(r.success).toBe(true);
    expect(r.samples_ms.length).toBe(3);
    // The full suite measures a case in min(5, runs) independent processes: here 3 runs, 3 processes.
    expect(r.process_samples).toEqual([1, 1, 1]);
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

  it('calls too short for the clock are batched and reported per call', () => {
    const r = byId.get('tiny_call')!;
    expect(r.state).toBe('passed');
    expect(r.batch_size).toBeGreaterThan(1);
    expect(r.latency_ms.p50!).toBeLessThan(1);
  });
});

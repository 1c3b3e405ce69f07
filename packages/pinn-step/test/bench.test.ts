import fs from 'node:fs';
import path from 'node:path';
import { runCaseInline, temporaryRunFixtures, voxelsPerItemOf, type BenchCase } from '@rhenium-perf/harness';
import { sampleResults, validateResults } from '@rhenium-perf/schema';
import { describe, expect, it } from 'vitest';
import cases from '../bench/pinn-step.bench';
import { createPinnTrainer } from '../src/index';

describe('pinn-step bench cases', () => {
  it('declares n1024 (smoke, full) and n4096 (full), counting points as items', () => {
    expect(cases.map((c) => c.id)).toEqual(['pinn_step_poisson2d_n1024', 'pinn_step_poisson2d_n4096']);
    expect(cases[0].tags).toEqual(['smoke', 'full']);
    expect(cases[1].tags).toEqual(['full']);
    expect(cases.map((c) => c.itemsPerRun)).toEqual([1024, 4096]);
    expect(cases.every((c) => voxelsPerItemOf(c) === 1 && c.voxelsCounted === 'output' && c.modality === null && c.category === 'pinn_step')).toBe(true);
  });

  for (const c of cases.filter((x) => x.tags.includes('smoke'))) {
    it(`runs ${c.id} inline and passes verify`, async () => {
      // NOTE: runCaseInline takes BenchCase<unknown, unknown>; a typed case needs the widening.
      const r = await runCaseInline(c, { mode: 'smoke' });
      expect(r.error).toBeNull();
      expect(r.state).toBe('passed');
      expect(r.quality.loss.higher_is_better).toBe(false);
      expect(Number.isFinite(r.quality.loss.value)).toBe(true);
      expect(r.quality.loss.value).toBeLessThan(r.quality.loss_initial.value);
      expect(r.throughput.items_per_sec).toBeGreaterThan(0);
      expect(r.voxels_per_item).toBe(1);
      expect(r.throughput.voxels_per_sec).toBeCloseTo(r.throughput.items_per_sec!, 6);
      // the result fits the schema inside a results file
      const outcome = validateResults({ ...sampleResults(), benchmarks: [r] });
      expect(outcome.valid ? [] : outcome.errors).toEqual([]);
    });
  }

  it('verify takes the loss history from the runs (few or many) and it equals a fresh trainer\'s first 11 steps', async () => {
    const fresh = createPinnTrainer({ interiorPoints: 1024 });
    const expected = Array.from({ length: 11 }, () => fresh.step());
    // 1 warm-up + 2 fixed single-call runs = 3 steps: verify steps on to 11; 0 warm-up + a
    // calibrated batch: the runs alone give the 11 losses.
    for (const [opts, fromRuns] of [
      [{ warmupRunsPerProcess: 1, measuredRunsPerProcess: 2, batchSize: 1 }, 3],
      [{ warmupRunsPerProcess: 12, measuredRunsPerProcess: 1, batchSize: 1 }, 11],
    ] as const) {
      const r = await runCaseInline(cases[0], { mode: 'smoke', ...opts });
      expect(r.error).toBeNull();
      expect(r.metadata.verify_loss_history).toEqual(expected);
      expect(r.metadata.verify_losses_from_runs).toBe(fromRuns);
      expect(r.quality.loss.value).toBe(expected[10]);
      expect(r.quality.loss_initial.value).toBe(expected[0]);
    }
  });

  it('in a run, the first process makes the history and a later one checks its own losses against it (a changed history fails)', async () => {
    const fresh = createPinnTrainer({ interiorPoints: 1024 });
    const expected = Array.from({ length: 11 }, () => fresh.step());
    const fx = temporaryRunFixtures();
    try {
      const opts = { mode: 'smoke', warmupRunsPerProcess: 1, measuredRunsPerProcess: 2, batchSize: 1 } as const;
      const first = await runCaseInline(cases[0], opts);
      expect(first.error).toBeNull();
      expect(first.metadata.verify_history_shared).toBe(false);
      const later = await runCaseInline(cases[0], opts);
      expect(later.error).toBeNull();
      expect(later.metadata.verify_history_shared).toBe(true);
      expect(later.metadata.verify_loss_history).toEqual(expected);
      expect(later.quality.weights_changed_by_one_step.value).toBe(first.quality.weights_changed_by_one_step.value);
      // Another history (step 2's loss changed) in the shared file: the later process's own runs disagree.
      const [file] = fs.readdirSync(fx.dir);
      const stored = fs.readFileSync(path.join(fx.dir, file!), 'utf8');
      fs.writeFileSync(path.join(fx.dir, file!), stored.replace(JSON.stringify(expected[1]), JSON.stringify(expected[1]! * 1.001)));
      const bad = await runCaseInline(cases[0], opts);
      expect(bad.state).toBe('failed');
      expect(bad.error).toMatch(/step 2 gave loss .* another process of this run/);
    } finally {
      fx.restore();
    }
  });
});

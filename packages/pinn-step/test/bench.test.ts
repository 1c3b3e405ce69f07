import { runCaseInline, voxelsPerItemOf, type BenchCase } from '@rhenium-perf/harness';
import { sampleResults, validateResults } from '@rhenium-perf/schema';
import { describe, expect, it } from 'vitest';
import cases from '../bench/pinn-step.bench';

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
});

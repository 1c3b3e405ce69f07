/**
 * Every smoke case of the package runs inline (setup, warm-up, runs, verify) and passes.
 */
import { runCaseInline, type BenchCase } from '@rhenium-perf/harness';
import { describe, expect, it } from 'vitest';
import cropPad from '../bench/crop-pad.bench';
import normalize from '../bench/normalize.bench';
import presets from '../bench/presets.bench';
import reference from '../bench/reference.bench';
import resample from '../bench/resample.bench';

const all: BenchCase[] = [...normalize, ...resample, ...cropPad, ...presets, ...reference];

describe('bench cases', () => {
  it('have distinct ids, smoke implies full, reference cases are in the full suite, never in smoke', () => {
    expect(new Set(all.map((c) => c.id)).size).toBe(all.length);
    for (const c of all) {
      if (c.tags.includes('smoke')) expect(c.tags).toContain('full');
      if (c.tags.includes('reference')) expect(c.tags.filter((t) => t === 'smoke' || t === 'full')).toEqual(['full']);
      expect(c.category).toBe('preprocessing');
    }
    expect(all.filter((c) => c.tags.includes('smoke')).length).toBeGreaterThanOrEqual(1);
  });

  for (const c of all.filter((c) => c.tags.includes('smoke'))) {
    it(`smoke case ${c.id} passes inline`, async () => {
      const result = await runCaseInline(c, { mode: 'smoke', project: 'preprocessing' });
      expect(result.state, JSON.stringify(result.error ?? null)).toBe('passed');
      expect(Object.keys(result.quality ?? {}).length).toBeGreaterThan(0);
    });
  }
});

/**
 * Every case of the package is well formed, and every smoke case runs inline (setup,
 * warm-up, runs, verify) and passes — or is skipped because the package is not built (the
 * start-up cases spawn dist/rhenium.js, never the TypeScript sources).
 */
import { runCaseInline, type BenchCase } from '@rhenium-perf/harness';
import { describe, expect, it } from 'vitest';
import segmentCases from '../bench/segment.bench';
import startupCases from '../bench/startup.bench';
import { STARTUP_TARGET_RATIO } from '../src/defaults';

const cases: BenchCase[] = [...startupCases, ...segmentCases];

describe('cli-overhead bench cases', () => {
  it('have distinct ids in the cli_overhead category; smoke implies full', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      expect(c.category).toBe('cli_overhead');
      if (c.tags.includes('smoke')) expect(c.tags).toContain('full');
    }
    expect(cases.filter((c) => c.tags.includes('smoke')).map((c) => c.id)).toEqual(['cli_startup_version']);
  });

  for (const c of cases.filter((c) => c.tags.includes('smoke'))) {
    it(`smoke case ${c.id} passes inline (or is skipped without a build)`, async () => {
      const result = await runCaseInline(c, { mode: 'smoke', project: 'cli-overhead' });
      if (result.state === 'skipped') {
        expect(result.skipped_reason).toMatch(/build the package first/);
        return;
      }
      expect(result.state, JSON.stringify(result.error ?? null)).toBe('passed');
      expect(result.metadata.ratio_vs_node).toBeGreaterThan(0.5);
      expect(result.targets.ratio_vs_node?.target).toBe(STARTUP_TARGET_RATIO);
      expect(result.targets.ratio_vs_node?.met).toBe(result.targets.ratio_vs_node!.value <= STARTUP_TARGET_RATIO);
      expect(result.quality.ratio_vs_node).toBeUndefined();
      expect(result.metadata.node_e0_ms_median).toBeGreaterThan(0);
    });
  }
});

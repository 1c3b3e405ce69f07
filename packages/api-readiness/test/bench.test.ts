/**
 * Every case of the package is well formed, and every smoke case runs inline (setup,
 * warm-up, runs, verify) against the real server process started from the sources, and
 * passes.
 */
import { runCaseInline, type BenchCase } from '@rhenium-perf/harness';
import { describe, expect, it } from 'vitest';
import health from '../bench/health.bench';
import ready from '../bench/ready.bench';
import rss from '../bench/rss.bench';
import segment from '../bench/segment.bench';

const cases: BenchCase[] = [...health, ...ready, ...rss, ...segment];

describe('api-readiness bench cases', () => {
  it('have distinct ids in the fastapi_readiness category; smoke implies full; modality only on segment cases', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
    for (const c of cases) {
      expect(c.category).toBe('fastapi_readiness');
      if (c.tags.includes('smoke')) expect(c.tags).toContain('full');
      expect(c.modality ?? null).toBe(c.id.includes('segment') ? 'MRI' : null);
    }
    expect(cases.map((c) => c.id).sort()).toEqual([
      'api_health_c16_n2000',
      'api_health_c1_n2000',
      'api_health_c64_n2000',
      'api_health_smoke_c16_n500',
      'api_rss_under_segment_load_mri_tiny_c4_n100',
      'api_segment_overhead_mri_tiny',
      'api_time_to_ready',
    ]);
    expect(cases.filter((c) => c.tags.includes('smoke')).map((c) => c.id).sort()).toEqual(['api_health_smoke_c16_n500', 'api_segment_overhead_mri_tiny']);
  });

  for (const c of cases.filter((c) => c.tags.includes('smoke'))) {
    it(`smoke case ${c.id} passes inline`, async () => {
      const result = await runCaseInline(c, { mode: 'smoke', project: 'api-readiness' });
      expect(result.state, JSON.stringify(result.error ?? null)).toBe('passed');
      if (c.id.startsWith('api_health')) {
        const q = result.quality;
        expect(q.http_p50_ms!.value).toBeGreaterThan(0);
        expect(q.http_p95_ms!.value).toBeGreaterThanOrEqual(q.http_p50_ms!.value);
        expect(q.http_p99_ms!.value).toBeGreaterThanOrEqual(q.http_p95_ms!.value);
        expect(q.requests_per_s!.value).toBeGreaterThan(0);
        expect(result.items_per_run).toBe(500);
      } else {
        expect(result.quality.in_process_pipeline_ms!.value).toBeGreaterThan(0);
        expect(result.quality.http_round_trip_ms!.value).toBeGreaterThan(0);
        expect(result.metadata.overhead_ms_median).toBeCloseTo(
          (result.metadata.http_round_trip_ms_median as number) - (result.metadata.in_process_pipeline_ms_median as number),
          9,
        );
      }
    });
  }
});

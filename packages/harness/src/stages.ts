/**
 * Stage timings of a case (`ctx.stage('segment', ...)`): per-call times of each stage in
 * each measured sample, summarised per stage.
 */
import type { StageTiming } from '@rhenium-perf/schema';
import { percentile, sortSamples } from './stats';

/** Stage timings (mean and median per stage, in first-seen order) from per-sample stage times. */
export function stagesOf(stageSamples: Record<string, number[]>): StageTiming[] | null {
  const names = Object.keys(stageSamples);
  if (names.length === 0) return null;
  return names.map((name) => {
    const xs = stageSamples[name]!;
    const mean = xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    return { name, mean_ms: mean, p50_ms: xs.length ? percentile(sortSamples(xs), 50) : 0 };
  });
}

/**
 * What a schema cannot say about a report: every published figure means what it says.
 *
 * - every timed sample of a passed case lasted at least MIN_SAMPLE_TIME_MS (sample x its
 *   process's batch), so the clock's resolution stays negligible;
 * - no check (a quality figure with a threshold) is past its threshold on a passed case;
 * - voxels/s is voxels per item x items/s, and an input-counted case's voxels per item is the
 *   element count of its input shape.
 * `rhenium-perf validate` applies it to every report and results file.
 */
import { MIN_SAMPLE_TIME_MS } from '@rhenium-perf/harness';
import type { BenchmarkResult } from '@rhenium-perf/schema';

/** One violation, as a line naming the case and the figure. */
export type IntegrityProblem = string;

const REL = 1e-9;

/** The problems of one result (none for failed and skipped cases, which publish no figure). */
export function resultProblems(r: BenchmarkResult): IntegrityProblem[] {
  if (r.state !== 'passed') return [];
  const out: IntegrityProblem[] = [];
  let at = 0;
  r.process_samples.forEach((n, p) => {
    const batch = r.process_batch_sizes[p] ?? r.batch_size;
    for (const x of r.samples_ms.slice(at, at + n)) {
      if (x * batch < MIN_SAMPLE_TIME_MS * (1 - 1e-6)) {
        out.push(`${r.id}: a timed sample of process ${p + 1} lasted ${(x * batch).toFixed(3)} ms (batch ${batch}), under the ${MIN_SAMPLE_TIME_MS} ms minimum`);
        return;
      }
    }
    at += n;
  });
  for (const [name, f] of Object.entries(r.quality)) {
    if (f.threshold === null || f.threshold === undefined) continue;
    const past = f.higher_is_better ? f.value < f.threshold : f.value > f.threshold;
    if (past) out.push(`${r.id}: check ${name} = ${f.value} is past its threshold ${f.threshold} on a passed case`);
  }
  const ips = r.throughput.items_per_sec;
  const vps = r.throughput.voxels_per_sec;
  if (ips !== null && vps !== null && Math.abs(vps - ips * r.voxels_per_item) > REL * Math.max(1, vps)) {
    out.push(`${r.id}: voxels/s ${vps} is not voxels_per_item ${r.voxels_per_item} x items/s ${ips}`);
  }
  if (r.voxels_counted === 'input') {
    const count = r.input_shape.reduce((a, b) => a * b, 1);
    if (r.voxels_per_item !== count) out.push(`${r.id}: voxels_per_item ${r.voxels_per_item} counts the input but input_shape ${JSON.stringify(r.input_shape)} has ${count} elements`);
  }
  return out;
}

/** The problems of every result of a document. */
export function integrityProblems(benchmarks: readonly BenchmarkResult[]): IntegrityProblem[] {
  return benchmarks.flatMap(resultProblems);
}

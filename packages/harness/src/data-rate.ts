/**
 * Data throughput (MB/s) of a reader or writer, for cases whose natural unit is bytes.
 *
 * MB/s of a reader or writer, measured around the timed call itself: `verify` sees no timings,
 * so each run records its own duration and `verify` reports the median.
 * MB = 10^6 bytes of decoded voxel data (the volume's bytes, whatever the file's compression).
 */
import { quality } from './quality';
import type { BenchContext, QualityFigures } from './types';

/** Collects per-call durations (warm-up and measured runs alike). */
export class CallTimer {
  readonly samplesMs: number[] = [];
  /** Time one call. */
  async time<T>(fn: () => Promise<T> | T): Promise<T> {
    const t0 = performance.now();
    const out = await fn();
    this.samplesMs.push(performance.now() - t0);
    return out;
  }
  /** Median duration in ms. */
  medianMs(): number {
    const s = [...this.samplesMs].sort((a, b) => a - b);
    if (s.length === 0) return NaN;
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  }
}

/** Record mb_per_s and voxels_per_s (metadata) and return mb_per_s as a quality figure. */
export function throughputFigures(ctx: BenchContext, timer: CallTimer, bytes: number, voxels: number, fileBytes?: number): QualityFigures {
  const sec = timer.medianMs() / 1e3;
  const mbPerS = bytes / 1e6 / sec;
  ctx.record('mb_per_s', Number(mbPerS.toFixed(2)));
  ctx.record('voxels_per_s', Math.round(voxels / sec));
  ctx.record('data_bytes', bytes);
  if (fileBytes !== undefined) {
    ctx.record('file_bytes', fileBytes);
    ctx.record('file_mb_per_s', Number((fileBytes / 1e6 / sec).toFixed(2)));
  }
  return { mb_per_s: quality(Number(mbPerS.toFixed(2)), 'MB/s', true) };
}

/**
 * Data throughput (MB/s) of a reader or writer, for cases whose natural unit is bytes,
 * computed in `verify` from the harness's own timed samples (never from a bench's own
 * timings, which would include warm-up calls).
 *
 * MB = 10^6 bytes of decoded voxel data (the volume's bytes, whatever the file's compression);
 * the rate is bytes / median per-call latency of this process's samples.
 */
import { quality } from './quality';
import type { BenchContext, BenchTiming, QualityFigures } from './types';

/** Record mb_per_s and voxels_per_s (metadata) and return mb_per_s as a quality figure. */
export function throughputFigures(ctx: BenchContext, timing: BenchTiming, bytes: number, voxels: number, fileBytes?: number): QualityFigures {
  const sec = timing.medianMs / 1e3;
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

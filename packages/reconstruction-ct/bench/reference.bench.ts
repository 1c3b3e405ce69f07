/**
 * Side-by-side reference (tag `reference`, not in smoke or full): FBP 256 x 256, 180 angles,
 * ramp, against scikit-image's `iradon` on the same phantom and sinogram. Setup runs
 * bench/reference/iradon_reference.py once with /usr/bin/python3 (Debian's python3-skimage)
 * and records scikit-image's median time and RMS error; the timed work is our `fbp`, and
 * verify times it again right there (same repeats, median) to record `ratio_vs_skimage`
 * (ours / theirs; the target is <= 0.5) and checks both RMS errors agree.
 *   npm run bench -w @rhenium-perf/reconstruction-ct -- --tag reference
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectQuality, quality, sweep } from '@rhenium-perf/harness';
import { fbp, planFbp, rmsError, type FbpPlan } from '../src/index';
import { fbpRmsMax, phantomSinogram, type PhantomSinogram } from './shared';

const PYTHON = '/usr/bin/python3';
const SCRIPT = 'iradon_reference.py';
/** Timed iradon calls after 2 warm-up calls, and as many of ours in verify. */
const REPEATS = 15;
/** "The same RMS error": the two reconstructions' RMS errors may differ by this much. */
const RMS_AGREEMENT = 1e-4;

/** The script, next to this file in the sources, or under <package>/bench/reference from dist. */
function scriptPath(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 4; up++) {
    for (const candidate of [path.join(dir, 'reference', SCRIPT), path.join(dir, 'bench', 'reference', SCRIPT)]) {
      if (existsSync(candidate)) return candidate;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`${SCRIPT} not found near ${fileURLToPath(import.meta.url)}; it ships in bench/reference/`);
}

interface SkimageTiming {
  median_ms: number;
  min_ms: number;
  repeats: number;
  rms: number;
  sinogram_max_abs_diff: number;
  skimage: string;
  numpy: string;
}

interface ReferenceState {
  readonly input: PhantomSinogram;
  readonly plan: FbpPlan;
  readonly out: Float64Array;
  readonly skimage: SkimageTiming;
}

export default sweep({ size: [256], angles: [180] }, (p) => ({
  id: `recon_ct_fbp_ramp_${p.size}_a${p.angles}_vs_skimage`,
  category: 'reconstruction_ct',
  task: 'fbp_vs_skimage',
  modality: 'CT',
  inputShape: [p.angles, p.size],
  dtype: 'float64',
  voxels: p.size * p.size,
  tags: ['reference'],
  timeoutMs: 300_000,
  skipIf: () => {
    try {
      execFileSync(PYTHON, ['-c', 'import numpy, skimage.transform'], { stdio: 'ignore', timeout: 60_000 });
      return null;
    } catch {
      return `${PYTHON} cannot import numpy and skimage (install Debian's python3-skimage: apt-get install -y python3-skimage)`;
    }
  },
  setup: (ctx): ReferenceState => {
    const input = phantomSinogram(p.size, p.angles);
    const dir = mkdtempSync(path.join(tmpdir(), 'rperf-ct-ref-'));
    try {
      const phantomFile = path.join(dir, 'phantom.f64');
      const sinogramFile = path.join(dir, 'sinogram.f64');
      writeFileSync(phantomFile, new Uint8Array(input.phantom.buffer, input.phantom.byteOffset, input.phantom.byteLength));
      writeFileSync(sinogramFile, new Uint8Array(input.sinogram.buffer, input.sinogram.byteOffset, input.sinogram.byteLength));
      const stdout = execFileSync(
        PYTHON,
        [scriptPath(), '--phantom', phantomFile, '--sinogram', sinogramFile, '--size', String(p.size), '--angles', String(p.angles), '--repeats', String(REPEATS)],
        { encoding: 'utf8', timeout: 240_000 },
      );
      const skimage = JSON.parse(stdout.trim().split('\n').pop()!) as SkimageTiming;
      ctx.record('skimage_version', skimage.skimage);
      ctx.record('numpy_version', skimage.numpy);
      ctx.record('skimage_median_ms', skimage.median_ms);
      ctx.record('skimage_min_ms', skimage.min_ms);
      ctx.record('skimage_repeats', skimage.repeats);
      ctx.record('skimage_rms_error', skimage.rms);
      ctx.record('sinogram_max_abs_diff_vs_skimage_radon', skimage.sinogram_max_abs_diff);
      return { input, plan: planFbp({ imageSize: p.size, angles: p.angles, filter: 'ramp' }), out: new Float64Array(p.size * p.size), skimage };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  run: (s: ReferenceState) => fbp(s.plan, s.input.sinogram, s.out),
  verify: (s: ReferenceState, out: Float64Array, ctx) => {
    const rms = rmsError(out, s.input.phantom);
    // Our time, measured the way the script measured iradon: REPEATS calls, median.
    const times: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      const t0 = process.hrtime.bigint();
      fbp(s.plan, s.input.sinogram, s.out);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    const oursMs = times[REPEATS >> 1]!;
    const ratio = oursMs / s.skimage.median_ms;
    ctx.record('ours_median_ms', oursMs);
    ctx.record('ratio_vs_skimage', ratio);
    return {
      rms_error: expectQuality('rms_error', rms, { max: fbpRmsMax('ramp', p.size, p.angles) }),
      rms_diff_vs_skimage: expectQuality('|rms - skimage rms|', Math.abs(rms - s.skimage.rms), { max: RMS_AGREEMENT }),
      ratio_vs_skimage: quality(ratio, 'x', false),
    };
  },
}));

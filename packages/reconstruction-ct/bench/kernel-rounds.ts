/**
 * Issue 17's before/after figures for FBP 256 x 256, 180 angles, ramp: old kernel, new
 * kernel and scikit-image's fastest setting of equal RMS error, alternated in rounds within
 * one run (a noisy moment of the shared machine hits all three), medians of the rounds. Not a
 * bench case (the reference case gives the suite's figure); this is the measurement behind
 * docs/perf/performance.md "#17 kernels".
 *
 *   git archive BASE packages/reconstruction-ct/src | tar -x -C /tmp/rperf-old
 *   ln -s "$PWD/node_modules" /tmp/rperf-old/node_modules
 *   node --import tsx --conditions=@rhenium-perf/source packages/reconstruction-ct/bench/kernel-rounds.ts /tmp/rperf-old [ROUNDS]
 *
 * First, bench/reference/iradon_reference.py sweeps every filter x interpolation setting
 * once to find the fastest of equal RMS error (as the reference case does). Then each round:
 * `CALLS` calls of the old fbp and of the new (which goes first alternates), each a median,
 * then the script again restricted to the contending settings, one round of `REPEATS` calls.
 * Prints one line per round and the medians, and the ratios new/skimage, old/skimage and
 * new/old (each the median of the per-round ratios).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, perCallMedianMs } from '@rhenium-perf/harness';
import { fbp, planFbp, rmsError } from '../src/index';
import { phantomSinogram } from './support';

interface Fbp {
  planFbp(o: { imageSize: number; angles: number; filter: 'ramp' }): unknown;
  fbp(plan: unknown, sinogram: Float64Array, out: Float64Array): Float64Array;
}

const SIZE = 256;
const ANGLES = 180;
const CALLS = 9;
const REPEATS = 9;
const RMS_AGREEMENT = 1e-4;
const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference', 'iradon_reference.py');


const oldRoot = process.argv[2];
if (!oldRoot) throw new Error('usage: kernel-rounds.ts OLD_ROOT [ROUNDS] (see the module comment)');
const rounds = Number(process.argv[3] ?? 15);
const old = (await import(path.resolve(oldRoot, 'packages/reconstruction-ct/src/index.ts'))) as Fbp;

const input = phantomSinogram(SIZE, ANGLES);
const newPlan = planFbp({ imageSize: SIZE, angles: ANGLES, filter: 'ramp' });
const oldPlan = old.planFbp({ imageSize: SIZE, angles: ANGLES, filter: 'ramp' });
const outNew = new Float64Array(SIZE * SIZE);
const outOld = new Float64Array(SIZE * SIZE);
const rmsNew = rmsError(fbp(newPlan, input.sinogram, outNew), input.phantom);
const rmsOld = rmsError(old.fbp(oldPlan, input.sinogram, outOld), input.phantom);
console.log(`RMS error: old ${rmsOld}, new ${rmsNew}`);

const dir = mkdtempSync(path.join(tmpdir(), 'rperf-ct-rounds-'));
const phantomFile = path.join(dir, 'phantom.f64');
const sinogramFile = path.join(dir, 'sinogram.f64');
writeFileSync(phantomFile, new Uint8Array(input.phantom.buffer, input.phantom.byteOffset, input.phantom.byteLength));
writeFileSync(sinogramFile, new Uint8Array(input.sinogram.buffer, input.sinogram.byteOffset, input.sinogram.byteLength));
interface Sk {
  median_ms: number;
  best_setting: string;
  rms: number;
  settings: Record<string, { rms: number; probe_ms: number; median_ms: number | null }>;
}
const skimage = (extra: string[]): Sk =>
  JSON.parse(
    execFileSync(
      '/usr/bin/python3',
      [SCRIPT, '--phantom', phantomFile, '--sinogram', sinogramFile, '--size', String(SIZE), '--angles', String(ANGLES), '--max-rms', String(rmsNew + RMS_AGREEMENT), ...extra],
      { encoding: 'utf8', timeout: 600_000 },
    ).trim().split('\n').pop()!,
  ) as Sk;
try {
  const sweep = skimage(['--repeats', String(REPEATS)]);
  const contenders = Object.entries(sweep.settings).filter(([, s]) => s.median_ms !== null).map(([n]) => n);
  console.log(`scikit-image sweep: best ${sweep.best_setting} ${sweep.median_ms.toFixed(1)} ms (rms ${sweep.rms}); timed: ${contenders.join(', ')}`);
  const o: number[] = [];
  const n: number[] = [];
  const sk: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const runOld = () => old.fbp(oldPlan, input.sinogram, outOld);
    const runNew = () => fbp(newPlan, input.sinogram, outNew);
    if (r % 2 === 0) {
      o.push(perCallMedianMs(runOld, { warmup: 2, calls: CALLS }));
      n.push(perCallMedianMs(runNew, { warmup: 2, calls: CALLS }));
    } else {
      n.push(perCallMedianMs(runNew, { warmup: 2, calls: CALLS }));
      o.push(perCallMedianMs(runOld, { warmup: 2, calls: CALLS }));
    }
    const s = skimage(['--settings', contenders.join(','), '--rounds', '1', '--repeats', String(REPEATS)]);
    sk.push(s.median_ms);
    console.log(`round ${r + 1}: old ${o.at(-1)!.toFixed(2)} ms, new ${n.at(-1)!.toFixed(2)} ms, scikit-image ${s.median_ms.toFixed(1)} ms (${s.best_setting})`);
  }
  const ratio = (a: number[], b: number[]) => median(a.map((v, i) => v / b[i]!)).toFixed(3);
  console.log(
    `FBP ${SIZE}, ${ANGLES} angles: median old ${median(o).toFixed(2)} ms, new ${median(n).toFixed(2)} ms, scikit-image best ${median(sk).toFixed(1)} ms;` +
      ` old/skimage ${ratio(o, sk)}x, new/skimage ${ratio(n, sk)}x, new/old ${ratio(n, o)}x (${rounds} rounds)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

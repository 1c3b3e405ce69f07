/**
 * Side-by-side reference: our centred orthonormal inverse FFT against numpy's fastest route
 * to a 2D inverse FFT on complex128, same size. Tagged `reference` and `full` (issue 17: the
 * row's figure is in the full suite); skipped with a one-line reason when python3 or numpy
 * is missing.
 *
 * How it stays honest: numpy is timed inside python (bench/reference/numpy_ifft2.py, seeded
 * data, time.perf_counter, so no process start-up is counted) against numpy's best route to
 * a 2D inverse FFT (ifft2, ifftn, ifft2(out=), and two 1-D passes into preallocated outputs
 * in both axis orders; numpy's plain transform, without the centring shifts and orthonormal
 * scale ours also does). Which route is best is found by timing every route in alternating
 * rounds; that *choice* (a setting, never a time: the best route and those within 10% of
 * it, at most 3) is kept per machine with `machineCached` (key: numpy's version, the size,
 * the dtype, the route list and the protocol), so only the first process on a machine
 * searches and every process times just those contenders, side by side with ours: in `setup` and again in `verify`, both outside the timed region, the faster
 * of the two medians kept (it favours numpy on a noisy machine). One python child per process
 * (the harness's `JsonLinesChild`, started by `skipIf`) serves both timings, so python starts and
 * imports numpy once per process. `RHENIUM_PERF_MACHINE_CACHE=off` searches every time.
 * `run` is our own `Fft2dPlan.inverse` of the same size, measured by the harness like any
 * case; `verify` records `ratio_vs_numpy` = the harness's median per-call latency of this
 * process / numpy's best median, a target (issue 17: <= 1.0 at 256, <= 1.2 at 320) that
 * never fails the case (a time ratio on a shared machine is too noisy to fail on), and
 * `ratio_vs_numpy_min`, the same with minima. The target is on the harness's figure; for
 * information, verify also times ours with numpy's own protocol (WARMUP calls, then REPEAT
 * single calls, median) and records `ratio_vs_numpy_per_call`: on a loaded machine the
 * harness's batch means catch preemptions that per-call medians skip on both sides.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRng } from '@rhenium-perf/fixtures';
import { JsonLinesChild, defineBench, expectQuality, machineCached, median, packageRoot, perCallMedianMs, sweep, target } from '@rhenium-perf/harness';
import { Fft2dPlan } from '../src/index';
import { DIRECT_DFT_MAX_ABS_ERROR, directComplexPixelsError, samplePositions } from './independent-checks';

const WARMUP = 5;
const REPEAT = 30;
const PYTHON = 'python3';
const ROUNDS = 3;
const PACKAGE_NAME = '@rhenium-perf/reconstruction-mri';
/** Issue 17's goal per size: ours / numpy's best at most this. */
const TARGET_RATIO: Record<number, number> = { 256: 1.0, 320: 1.2 };

/** The reference script in this package's bench/reference/ (null when not installed). */
function scriptPath(): string | null {
  // bench/reference/ ships with the package; this module runs from bench/ or dist/bench/.
  const root = packageRoot(import.meta.url, PACKAGE_NAME);
  const p = root === null ? null : path.join(root, 'bench', 'reference', 'numpy_ifft2.py');
  return p !== null && fs.existsSync(p) ? p : null;
}

interface NumpyTiming {
  numpy: string;
  /** The fastest timed route's median (of its round medians), min and last-round samples. */
  median_ms: number;
  min_ms: number;
  samples_ms: number[];
  best_route: string;
  /** Every timed route's median (of its round medians). */
  routes: Record<string, number>;
  /** fftshift(ifft2(ifftshift(k), norm='ortho')), when asked for (verify). */
  centred_ortho_median_ms?: number;
}

interface NumpyInfo {
  numpy: string;
  routes: string[];
}

/** This process's numpy child, started once (by skipIf) and closed in teardown. */
let numpyChild: Promise<{ server: JsonLinesChild; info: NumpyInfo }> | null = null;

function numpyServer(): Promise<{ server: JsonLinesChild; info: NumpyInfo }> {
  numpyChild ??= (async () => {
    const server = new JsonLinesChild(PYTHON, [scriptPath()!, '--serve'], 'numpy reference');
    try {
      return { server, info: await server.request<NumpyInfo>({ op: 'info' }) };
    } catch (err) {
      server.close();
      throw err;
    }
  })();
  return numpyChild;
}

/** Routes within this fraction of the best route's median in the search stay contenders. */
const CONTENDER_MARGIN = 0.1;
/** At most this many contenders are timed in each window. */
const MAX_CONTENDERS = 3;

/** Timed calls of numpy's centred orthonormal transform (information only; it allocates and takes 10-40 ms a call here). */
const CENTRED_REPEAT = 5;

function timeNumpy(server: JsonLinesChild, n: number, routes: string[] | null, centredRepeat = 0): Promise<NumpyTiming> {
  return server.request<NumpyTiming>({ op: 'time', n, warmup: WARMUP, repeat: REPEAT, rounds: ROUNDS, routes, centred_repeat: centredRepeat });
}


export default sweep({ size: [256, 320] }, (p) =>
  defineBench({
    id: `recon_mri_ifft2_vs_numpy_${p.size}`,
    category: 'reconstruction_mri',
    task: 'ifft2_reference_numpy',
    modality: 'MRI',
    // One item = one complex size x size inverse FFT; input voxels counted (= output voxels).
    inputShape: [p.size, p.size],
    dtype: 'complex128',
    tags: ['reference', 'full'],
    // Times numpy outside `run` (setup, verify): its processes run alone (no overlap).
    exclusive: true,
    // numpy's warm-up; 10 timed samples in each of the 3 processes (the harness batches calls to >= 1 ms samples).
    warmupRunsPerProcess: WARMUP,
    measuredRunsPerProcess: 10,
    // NOTE: 3 processes, not the full suite's 5: each one times numpy twice.
    processes: 3,
    skipIf: async () => {
      if (!scriptPath()) return 'bench/reference/numpy_ifft2.py not found (not shipped in the published package)';
      try {
        await numpyServer();
        return null;
      } catch (err) {
        return `numpy reference unavailable: ${(err as Error).message}`;
      }
    },
    setup: async (ctx) => {
      const t0 = performance.now();
      const { server, info } = await numpyServer();
      const t1 = performance.now();
      ctx.record('numpy_command', `${PYTHON} bench/reference/numpy_ifft2.py --serve (as: ${PYTHON} bench/reference/numpy_ifft2.py ${p.size} ${WARMUP} ${REPEAT} ${ROUNDS})`);
      // The route choice per machine; everything it depends on is in the key. Kept: the best
      // route and every route within CONTENDER_MARGIN of it (at most MAX_CONTENDERS, e.g. the
      // two axis orders of the 1-D passes), all timed again in each window, the fastest kept.
      const key = [
        'reconstruction-mri/numpy_ifft2 best routes v2',
        `numpy ${info.numpy}`,
        `size ${p.size}x${p.size}`,
        'dtype complex128',
        `routes ${info.routes.join(',')}`,
        `protocol warmup ${WARMUP} repeat ${REPEAT} rounds ${ROUNDS}`,
        `contenders within ${CONTENDER_MARGIN} max ${MAX_CONTENDERS}`,
      ].join('|');
      let search: NumpyTiming | null = null;
      const choice = await machineCached(key, async () => {
        const found = await timeNumpy(server, p.size, null);
        search = found;
        const best = found.routes[found.best_route]!;
        const contenders = Object.entries(found.routes)
          .filter(([, ms]) => ms <= best * (1 + CONTENDER_MARGIN))
          .sort((a, b) => a[1] - b[1])
          .slice(0, MAX_CONTENDERS)
          .map(([name]) => name);
        return { routes: contenders };
      });
      const routes = choice.value.routes;
      if (!Array.isArray(routes) || routes.length === 0 || !routes.every((r) => info.routes.includes(r))) {
        throw new Error(`cached numpy routes ${JSON.stringify(routes)} are not among ${info.routes.join(', ')}`);
      }
      ctx.record('numpy_route_choice', choice.cached ? 'machine cache' : 'searched in this process');
      ctx.record('numpy_timed_routes', routes);
      // The search's own best median is this window's figure; otherwise time the contenders.
      const np: NumpyTiming = search ?? (await timeNumpy(server, p.size, routes));
      if (search) ctx.record('numpy_routes_median_ms', JSON.stringify((search as NumpyTiming).routes));
      // Where the setup's wall time went (the child's start-up is mostly paid in skipIf).
      ctx.record('numpy_wall_ms', { child_start_wait: t1 - t0, setup_timing: performance.now() - t1 });
      const plan = new Fft2dPlan(p.size, p.size);
      const k = createRng(0).fillNormal(new Float64Array(2 * p.size * p.size));
      return { plan, k, out: new Float64Array(k.length), scratch: new Float64Array(k.length), np, server, routes };
    },
    run: (s) => s.plan.inverse(s.k, s.out),
    verify: async (s, out, ctx, timing) => {
      const t0 = performance.now();
      const again = await timeNumpy(s.server, p.size, s.routes, CENTRED_REPEAT);
      s.server.close();
      ctx.record('numpy_verify_wall_ms', performance.now() - t0);
      const np = again.median_ms < s.np.median_ms ? again : s.np;
      const centred = again.centred_ortho_median_ms!;
      ctx.record('numpy_version', np.numpy);
      ctx.record('numpy_median_ms', np.median_ms);
      ctx.record('numpy_best_route', np.best_route);
      ctx.record('numpy_best_medians_ms', [s.np.median_ms, again.median_ms]);
      ctx.record('numpy_samples_ms', np.samples_ms);
      ctx.record('numpy_centred_ortho_median_ms', centred);
      // Ours: the harness's per-call latencies of this process's measured samples.
      const ours = timing.medianMs;
      const ratio = ours / np.median_ms;
      ctx.record('ours_median_ms', ours);
      ctx.record('ratio_vs_numpy', ratio);
      ctx.record('ratio_vs_numpy_centred_ortho', ours / centred);
      ctx.record('ratio_vs_numpy_min', Math.min(...timing.samplesMs) / Math.min(s.np.min_ms, again.min_ms));
      const perCall = perCallMedianMs(() => s.plan.inverse(s.k, s.scratch), { warmup: WARMUP, calls: REPEAT });
      ctx.record('ours_per_call_median_ms', perCall);
      ctx.record('ratio_vs_numpy_per_call', perCall / np.median_ms);
      ctx.record('fft_kinds', s.plan.kinds);
      // Correctness of what was timed: the inverse round-trips through the forward transform.
      const back = s.plan.forward(out, new Float64Array(out.length));
      let e = 0;
      for (let i = 0; i < back.length; i++) e = Math.max(e, Math.abs(back[i]! - s.k[i]!));
      // Independent of the plan: output pixels by direct inverse DFT sums of the input.
      const direct = directComplexPixelsError(s.k, p.size, p.size, out, samplePositions(p.size, p.size));
      return {
        roundtrip_max_abs_error: expectQuality('roundtrip_max_abs_error', e, { max: 1e-9 }),
        pixels_vs_direct_idft_max_abs_err: expectQuality('pixels_vs_direct_idft_max_abs_err', direct, { max: DIRECT_DFT_MAX_ABS_ERROR }),
        // ours / numpy's best route (numpy_best_route); issue 17's row.
        ratio_vs_numpy: target(ratio, { max: TARGET_RATIO[p.size]!, unit: 'x' }),
      };
    },
    teardown: (s) => s.server.close(),
  }),
);

/**
 * SART (simultaneous algebraic reconstruction technique), as scikit-image's `iradon_sart`.
 *
 * One iteration visits every angle once, in golden-ratio order (`goldenRatioOrder`). For
 * angle θ and each detector bin i (t = i - c, c = floor(n/2)), the ray is sampled inside the
 * circle of radius R = c - 1: half-length s0 = sqrt(R^2 - t^2), Ns = 2 ceil(2 s0) steps of
 * ds = 2 s0 / Ns, sample k at (row, col) = c + (s0 - k ds)(cos θ, sin θ) + t (-sin θ, cos θ).
 * With bilinear weights w_kq (times ds) on the four neighbours q of sample k:
 *   ray sum   S = Σ_kq w_kq f_q,   norm N = Σ_kq w_kq^2,   deviation δ = (p(θ, t) - S) / N
 *   update    u_q += δ Σ_k w_kq h_k,   h_k = (1 - β) - β cos(2π k / (Ns - 1)), β = 0.46164
 * and after all rays of the angle, f += λ u (λ the relaxation), then the optional clip.
 * NOTE: neighbours in row 0 or column 0 are skipped, as scikit-image does (`i > 0`); they lie
 * outside the circle of radius c - 1, so this only matters for rounding at its edge.
 */
import { DEFAULT_SART_ITERATIONS, DEFAULT_SART_RELAXATION, HALF_TURN_DEG, SART_HAMMING_BETA } from './defaults';
import { ReconstructionCtError } from './errors';
import { createGeometry } from './geometry';
import type { ParallelBeamGeometry, SartOptions, SartRunOptions } from './types';
import { checkFinite, checkInteger, checkLength, checkNotAliased } from './validate';

/** A planned SART: geometry, angle order, per-ray step tables and scratch. */
export interface SartPlan {
  readonly geometry: ParallelBeamGeometry;
  readonly relaxation: number;
  readonly clip: readonly [number, number] | null;
  /** Order in which the angles are visited (indices into the angles). */
  readonly order: Int32Array;
  /** Per ray: half-length s0, step ds, step count Ns (0: the ray misses the circle). */
  readonly rayHalfLength: Float64Array;
  readonly rayStep: Float64Array;
  readonly raySteps: Int32Array;
  /** Per ray: offset of its Ns + 1 window weights h_k * ds in `windows`. */
  readonly windowOffset: Int32Array;
  readonly windows: Float64Array;
  /** Scratch (internal): the per-angle update. */
  readonly update: Float64Array;
  /** Scratch (internal): one ray's sample cells (row-major index of the top-left neighbour) and fractions. */
  readonly cell: Int32Array;
  readonly fracI: Float64Array;
  readonly fracJ: Float64Array;
}

/** Python's float modulo (result takes the sign of the divisor). */
function pyMod(a: number, b: number): number {
  return a - b * Math.floor(a / b);
}

/**
 * The golden-ratio angle order of scikit-image's `order_angles_golden_ratio`: start at the
 * smallest angle, step by 180 / φ^2 degrees, and take the nearest angle not yet used.
 * NOTE: reproduces its distance rule (min(d mod 180, d mod -180), which favours the larger
 * of two candidates only at exact hits) so the visiting order, hence the result, matches.
 * @example goldenRatioOrder(Float64Array.of(0, 45, 90, 135)) // Int32Array [0, 2, 3, 1]
 */
export function goldenRatioOrder(anglesDeg: Float64Array): Int32Array {
  const count = anglesDeg.length;
  const remaining = Array.from({ length: count }, (_, i) => i).sort((p, q) => anglesDeg[p]! - anglesDeg[q]! || p - q);
  const order = new Int32Array(count);
  let angle = anglesDeg[remaining[0]!]!;
  order[0] = remaining.shift()!;
  const phi = (1 + Math.sqrt(5)) / 2;
  const increment = HALF_TURN_DEG / (phi * phi);
  for (let k = 1; k < count; k++) {
    angle = pyMod(angle + increment, HALF_TURN_DEG);
    const m = remaining.length;
    // searchsorted (left): first position whose angle >= `angle`.
    let above = 0;
    while (above < m && anglesDeg[remaining[above]!]! < angle) above++;
    const below = (above - 1 + m) % m; // Python's index -1 is the last
    above %= m;
    const dBelow = Math.abs(angle - anglesDeg[remaining[below]!]!);
    const distBelow = Math.min(pyMod(dBelow, HALF_TURN_DEG), pyMod(dBelow, -HALF_TURN_DEG));
    const dAbove = Math.abs(angle - anglesDeg[remaining[above]!]!);
    const distAbove = Math.min(pyMod(dAbove, HALF_TURN_DEG), pyMod(dAbove, -HALF_TURN_DEG));
    order[k] = remaining.splice(distBelow < distAbove ? below : above, 1)[0]!;
  }
  return order;
}

/**
 * Plan a SART reconstruction (angle order, per-ray steps and windows, scratch) once.
 * @example const plan = planSart({ imageSize: 160, angles: 160 })
 */
export function planSart(options: SartOptions): SartPlan {
  const geometry = createGeometry({ imageSize: options.imageSize, angles: options.angles, detectors: 'circle' });
  const relaxation = options.relaxation ?? DEFAULT_SART_RELAXATION;
  if (!Number.isFinite(relaxation) || relaxation <= 0) {
    throw new ReconstructionCtError('RPERF_CT_INVALID_ARGUMENT', `planSart: relaxation must be a finite number > 0, received ${String(relaxation)} (scikit-image's default is 0.15).`);
  }
  const clip = options.clip ?? null;
  if (clip && !(clip.length === 2 && Number.isFinite(clip[0]) && Number.isFinite(clip[1]) && clip[0] <= clip[1])) {
    throw new ReconstructionCtError('RPERF_CT_INVALID_ARGUMENT', `planSart: clip must be [min, max] with finite min <= max, received ${JSON.stringify(clip)}.`);
  }
  const n = geometry.imageSize;
  const c = geometry.imageCenter;
  const radius = c - 1;
  const rayHalfLength = new Float64Array(n);
  const rayStep = new Float64Array(n);
  const raySteps = new Int32Array(n);
  const windowOffset = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const t = i - c;
    const s0 = radius * radius >= t * t ? Math.sqrt(radius * radius - t * t) : 0;
    const ns = 2 * Math.ceil(2 * s0);
    rayHalfLength[i] = s0;
    raySteps[i] = ns;
    rayStep[i] = ns > 0 ? (2 * s0) / ns : 0;
    windowOffset[i + 1] = windowOffset[i]! + (ns > 0 ? ns + 1 : 0);
  }
  const windows = new Float64Array(windowOffset[n]!);
  for (let i = 0; i < n; i++) {
    const ns = raySteps[i]!;
    const ds = rayStep[i]!;
    const off = windowOffset[i]!;
    for (let k = 0; k <= (ns > 0 ? ns : -1); k++) {
      windows[off + k] = ds * (1 - SART_HAMMING_BETA - SART_HAMMING_BETA * Math.cos((2 * Math.PI * k) / (ns - 1)));
    }
  }
  return Object.freeze({
    geometry,
    relaxation,
    clip: clip ? (Object.freeze([clip[0], clip[1]]) as readonly [number, number]) : null,
    order: goldenRatioOrder(geometry.anglesDeg),
    rayHalfLength,
    rayStep,
    raySteps,
    windowOffset,
    windows,
    update: new Float64Array(n * n),
    // Ns + 1 <= 2 ceil(2 R) + 1 <= 4 n samples per ray.
    cell: new Int32Array(4 * n + 4),
    fracI: new Float64Array(4 * n + 4),
    fracJ: new Float64Array(4 * n + 4),
  });
}

/** One angle's SART update of `image` (accumulated in plan.update, then applied). */
function sartAngle(plan: SartPlan, image: Float64Array, sinogram: Float64Array, a: number): void {
  const g = plan.geometry;
  const n = g.imageSize;
  const c = g.imageCenter;
  const cs = g.cos[a]!;
  const sn = g.sin[a]!;
  const { update, rayHalfLength, rayStep, raySteps, windowOffset, windows, cell, fracI, fracJ } = plan;
  const last = n - 1;
  update.fill(0);
  const proj = a * n;
  for (let ray = 0; ray < n; ray++) {
    const ns = raySteps[ray]!;
    if (ns === 0) continue;
    const t = ray - c;
    const s0 = rayHalfLength[ray]!;
    const ds = rayStep[ray]!;
    const dx = -ds * cs;
    const dy = -ds * sn;
    // Sample k at index (x0 + k dx, y0 + k dy), rotation centre added.
    const x0 = s0 * cs - t * sn + c;
    const y0 = s0 * sn + t * cs + c;

    // Pass 1: ray sum and weight norm; the sample positions are kept for pass 2. The
    // factor ds of every weight is applied once to the sums (ds^2 to the norm).
    let sum = 0;
    let norm = 0;
    for (let k = 0; k <= ns; k++) {
      const x = x0 + k * dx;
      const y = y0 + k * dy;
      // Indices stay >= c - R - rounding > 0, so `| 0` is floor.
      const i = x | 0;
      const j = y | 0;
      const di = x - i;
      const dj = y - j;
      const p = i * n + j;
      fracI[k] = di;
      fracJ[k] = dj;
      const w00 = (1 - di) * (1 - dj);
      const w01 = (1 - di) * dj;
      const w10 = di * (1 - dj);
      const w11 = di * dj;
      if (i > 0 && j > 0 && i < last && j < last) {
        cell[k] = p;
        sum += w00 * image[p]! + w01 * image[p + 1]! + w10 * image[p + n]! + w11 * image[p + n + 1]!;
        norm += w00 * w00 + w01 * w01 + w10 * w10 + w11 * w11;
      } else {
        cell[k] = -1 - p; // negative: a neighbour may be skipped (scikit-image's edge rule)
        if (i > 0 && j > 0) {
          sum += w00 * image[p]!;
          norm += w00 * w00;
        }
        if (i > 0 && j < last) {
          sum += w01 * image[p + 1]!;
          norm += w01 * w01;
        }
        if (i < last && j > 0) {
          sum += w10 * image[p + n]!;
          norm += w10 * w10;
        }
        if (i < last && j < last) {
          sum += w11 * image[p + n + 1]!;
          norm += w11 * w11;
        }
      }
    }
    sum *= ds;
    norm *= ds * ds;
    const deviation = norm > 0 ? (sinogram[proj + ray]! - sum) / norm : 0;
    if (deviation === 0) continue;

    // Pass 2: spread the deviation back along the ray, windowed (windows hold h_k * ds).
    const woff = windowOffset[ray]!;
    for (let k = 0; k <= ns; k++) {
      const di = fracI[k]!;
      const dj = fracJ[k]!;
      const d = deviation * windows[woff + k]!;
      let p = cell[k]!;
      if (p >= 0) {
        const top = d * (1 - di);
        const bottom = d * di;
        update[p]! += top * (1 - dj);
        update[p + 1]! += top * dj;
        update[p + n]! += bottom * (1 - dj);
        update[p + n + 1]! += bottom * dj;
      } else {
        p = -1 - p;
        const i = (p / n) | 0;
        const j = p - i * n;
        if (i > 0 && j > 0) update[p]! += d * (1 - di) * (1 - dj);
        if (i > 0 && j < last) update[p + 1]! += d * (1 - di) * dj;
        if (i < last && j > 0) update[p + n]! += d * di * (1 - dj);
        if (i < last && j < last) update[p + n + 1]! += d * di * dj;
      }
    }
  }
  const lambda = plan.relaxation;
  const clip = plan.clip;
  if (clip) {
    const lo = clip[0];
    const hi = clip[1];
    for (let q = 0; q < n * n; q++) {
      const v = image[q]! + lambda * update[q]!;
      image[q] = v < lo ? lo : v > hi ? hi : v;
    }
  } else {
    for (let q = 0; q < n * n; q++) image[q]! += lambda * update[q]!;
  }
}

/**
 * Run SART on `sinogram` (angles x size detectors) into `out` (size x size): `out` starts
 * as `prior` (or zeros) and receives `iterations` sweeps over all angles.
 * @example sart(planSart({ imageSize: 160, angles: 160 }), sinogram, new Float64Array(160 * 160), { iterations: 2 })
 * // RMS error 0.024 against the 160 x 160 modified Shepp–Logan
 */
export function sart(plan: SartPlan, sinogram: Float64Array, out: Float64Array, options: SartRunOptions = {}): Float64Array {
  const g = plan.geometry;
  const n = g.imageSize;
  const nAng = g.anglesDeg.length;
  const iterations = options.iterations ?? DEFAULT_SART_ITERATIONS;
  checkInteger('sart: iterations', iterations, 1);
  checkLength('sart: sinogram', sinogram, nAng * n, `${nAng} angles x ${n} detectors (SART needs as many detectors as the image size)`);
  checkLength('sart: out', out, n * n, `${n} x ${n}`);
  checkNotAliased('sart', sinogram, out);
  checkFinite('sart: sinogram', sinogram);
  const prior = options.prior ?? null;
  if (prior) {
    checkLength('sart: prior', prior, n * n, `${n} x ${n}`);
    checkFinite('sart: prior', prior);
    if (prior !== out) {
      checkNotAliased('sart (prior)', prior, out);
      out.set(prior);
    }
  } else {
    out.fill(0);
  }
  const order = plan.order;
  for (let it = 0; it < iterations; it++) {
    for (let k = 0; k < nAng; k++) sartAngle(plan, out, sinogram, order[k]!);
  }
  return out;
}

/**
 * One-shot SART: plans, allocates and runs.
 * @example iradonSart(sinogram, { imageSize: 160, angles: 160 }, { iterations: 2 })
 */
export function iradonSart(sinogram: Float64Array, options: SartOptions, run: SartRunOptions = {}): Float64Array {
  const plan = planSart(options);
  return sart(plan, sinogram, new Float64Array(options.imageSize * options.imageSize), run);
}

/**
 * Filtered back-projection (FBP), as scikit-image's `iradon` with linear interpolation.
 *
 * 1. Filter: each projection p(θ, ·) is zero-padded to L = paddedProjectionLength(D) bins
 *    (>= 2D, so the circular convolution equals the linear one over the detector), and
 *    q = IFFT(FFT(p) · H) with H the ramp (times a window; filters.ts). H is real and even, so
 *    two real projections go through one complex FFT pair: z = p1 + i p2 gives
 *    IFFT(FFT(z) H) = q1 + i q2.
 * 2. Back-project: f(r, k) = π / (2 A) Σ_θ q(θ, t), t = (k - c) cos θ - (r - c) sin θ,
 *    with q linearly interpolated between bins (q continues past the detector's ends as the
 *    filter spreads it, as in scikit-image's padded sinogram), pixels outside
 *    the reconstruction circle (radius floor(n/2)) set to 0 when `circle`.
 *    The factor π / (2 A) (A angles over a half turn, Δθ = π / A, and the 1/2 of scikit-image's
 *    normalisation of the ramp) is folded into H.
 *
 * Hot loop: for each block of 4 angles and each row span, t advances by cos θ per pixel; the
 * filtered projections sit in a buffer with margins wide enough that every t lands
 * inside it, so the loop is free of bounds checks and `| 0` is floor. Where WebAssembly SIMD
 * is available (and unless `simd: false`), the same loop runs two pixels per f64x2 in
 * backproject-simd.ts, over spans widened to even lengths (the extra pixels are zeroed after),
 * with the filtered projections written straight into its memory.
 */
import FFT from 'fft.js';
import { SimdBackProjector, evenSpans } from './backproject-simd';
import { DEFAULT_FBP_FILTER } from './defaults';
import { ReconstructionCtError } from './errors';
import { fourierFilter, paddedProjectionLength } from './filters';
import { circleSpans, createGeometry, fullSpans } from './geometry';
import type { FbpFilterName, FbpOptions, ParallelBeamGeometry } from './types';
import { checkFilterName, checkFinite, checkInteger, checkLength, checkNotAliased } from './validate';

/** A planned FBP: geometry, filter, interpolation layout and scratch, reused by every call. */
export interface FbpPlan {
  readonly geometry: ParallelBeamGeometry;
  readonly filter: FbpFilterName;
  readonly circle: boolean;
  /** FFT length of the zero-padded projections. */
  readonly paddedLength: number;
  /** Even part of the frequency response, times π / (2 A) / paddedLength (the inverse FFT's 1/L), length `paddedLength`. */
  readonly response: Float64Array;
  /** Row spans [first, last] of the pixels that are reconstructed. */
  readonly spans: Int32Array;
  /** Stride of one filtered projection in `filtered` (detectors plus zero margins). */
  readonly stride: number;
  /** Offset of detector bin 0 within a filtered projection row (the left margin). */
  readonly margin: number;
  /** Scratch (internal): filtered projections, angles x stride (bin b at margin + b). */
  readonly filtered: Float64Array;
  /** Scratch (internal): interleaved complex FFT buffers. */
  readonly fftIn: Float64Array;
  readonly fftOut: Float64Array;
  readonly fftRes: Float64Array;
  readonly fft: FFT;
  /** Scratch (internal): the WebAssembly back-projector (null: the scalar loop), and its spans. */
  readonly simd: SimdBackProjector | null;
  readonly simdSpans: Int32Array | null;
}

/**
 * Plan an FBP: resolve the geometry, build the filter, the spans and the scratch once.
 * @example const plan = planFbp({ imageSize: 256, angles: 180, filter: 'ramp' })
 */
export function planFbp(options: FbpOptions & { simd?: boolean }): FbpPlan {
  const filter = checkFilterName(options.filter ?? DEFAULT_FBP_FILTER);
  const geometry = createGeometry(options);
  const circle = options.circle ?? true;
  const n = geometry.imageSize;
  const nDet = geometry.detectorCount;
  const nAng = geometry.anglesDeg.length;
  const paddedLength = paddedProjectionLength(nDet);
  const raw = fourierFilter(paddedLength, filter);
  // NOTE: the fftshifted Hamming and Hann windows are symmetric about (L - 1) / 2, not L / 2,
  // so H is not exactly even and IFFT(P H) of a real projection is complex; scikit-image
  // keeps its real part, which is IFFT(P H_even) with H_even(j) = (H(j) + H(L - j)) / 2.
  // Using H_even gives the same result and keeps the two-projections-per-FFT trick exact.
  const scale = Math.PI / (2 * nAng) / paddedLength;
  const response = new Float64Array(paddedLength);
  for (let j = 0; j < paddedLength; j++) response[j] = ((raw[j]! + raw[(paddedLength - j) % paddedLength]!) / 2) * scale;
  const spans = circle ? circleSpans(n) : fullSpans(n);
  const simdSpans = options.simd === false ? null : evenSpans(spans, n);
  const bpSpans = simdSpans ?? spans;

  // Largest |t| of any back-projected pixel, over all angles (bounded by the pixel's radius).
  const c = geometry.imageCenter;
  let maxRadius = 0;
  for (let r = 0; r < n; r++) {
    const lo = bpSpans[2 * r]!;
    const hi = bpSpans[2 * r + 1]!;
    if (lo > hi) continue;
    const dy = r - c;
    const dx = Math.max(Math.abs(lo - c), Math.abs(hi - c));
    maxRadius = Math.max(maxRadius, Math.sqrt(dx * dx + dy * dy));
  }
  const dc = geometry.detectorCenter;
  // Bins reached: dc - maxRadius .. dc + maxRadius + 1 (the +1 neighbour of linear interpolation).
  const margin = Math.max(1, Math.ceil(maxRadius - dc) + 2);
  const right = Math.max(2, Math.ceil(dc + maxRadius + 2) - nDet + 1);
  const stride = margin + nDet + right;
  if (stride > paddedLength) {
    // Cannot happen for detectors >= size / sqrt(2) (the padded length is >= 2 * detectors).
    throw new ReconstructionCtError(
      'RPERF_CT_INVALID_ARGUMENT',
      `planFbp: ${nDet} detectors cannot cover the ${n} x ${n} output${circle ? '' : ' square'}; use detectors >= ${Math.ceil(maxRadius * 2)} or circle: true.`,
    );
  }
  const fftIn = new Float64Array(2 * paddedLength);
  const fftOut = new Float64Array(2 * paddedLength);
  const simd = simdSpans ? SimdBackProjector.create(n, c, nAng, stride, margin + dc, spans, simdSpans, geometry.cos, geometry.sin) : null;
  return Object.freeze({
    geometry,
    filter,
    circle,
    paddedLength,
    response,
    spans,
    stride,
    margin,
    filtered: simd ? simd.q : new Float64Array(nAng * stride),
    fftIn,
    fftOut,
    fftRes: new Float64Array(2 * paddedLength),
    fft: new FFT(paddedLength),
    simd,
    simdSpans: simd ? simdSpans : null,
  });
}

/** Filter the projections of `sinogram` into `plan.filtered` (two per complex FFT pair). */
function filterProjections(plan: FbpPlan, sinogram: Float64Array, sinoOffset: number): void {
  const { fft, fftIn, fftOut, fftRes, response, filtered, stride, margin } = plan;
  const nDet = plan.geometry.detectorCount;
  const nAng = plan.geometry.anglesDeg.length;
  const L = plan.paddedLength;
  for (let a = 0; a < nAng; a += 2) {
    const pair = a + 1 < nAng;
    const src1 = sinoOffset + a * nDet;
    const src2 = src1 + nDet;
    // Bins >= nDet of fftIn stay zero: the zero padding.
    if (pair) {
      for (let b = 0; b < nDet; b++) {
        fftIn[2 * b] = sinogram[src1 + b]!;
        fftIn[2 * b + 1] = sinogram[src2 + b]!;
      }
    } else {
      for (let b = 0; b < nDet; b++) {
        fftIn[2 * b] = sinogram[src1 + b]!;
        fftIn[2 * b + 1] = 0;
      }
    }
    fft.transform(fftOut, fftIn);
    // IFFT(Y) = conj(FFT(conj(Y))) / L: the product is conjugated on the way (Y = X H / L,
    // `response` holds H / L), so the inverse is fft.js's forward transform, without
    // inverseTransform's extra pass dividing by L.
    for (let j = 0; j < L; j++) {
      const h = response[j]!;
      fftOut[2 * j]! *= h;
      fftOut[2 * j + 1]! *= -h;
    }
    fft.transform(fftRes, fftOut);
    // The filtered projection extends beyond the detector (the ramp spreads it): the
    // margins take bins -margin..-1 (circularly, from the end of the padded FFT) and
    // nDet..; interpolation near the circle's edge then sees the true filtered values.
    // q1 + i q2 = conj(fftRes).
    const dst1 = a * stride;
    const dst2 = dst1 + stride;
    for (let j = 0; j < stride; j++) {
      const src = 2 * ((j - margin + L) % L);
      filtered[dst1 + j] = fftRes[src]!;
      if (pair) filtered[dst2 + j] = -fftRes[src + 1]!;
    }
  }
}

/** Back-project `plan.filtered` into `out` at `outOffset` (zeros outside the spans). */
function backProject(plan: FbpPlan, out: Float64Array, outOffset: number): void {
  const g = plan.geometry;
  const n = g.imageSize;
  const nAng = g.anglesDeg.length;
  const { spans, filtered: q, stride } = plan;
  const c = g.imageCenter;
  const cosT = g.cos;
  const sinT = g.sin;
  // Index of t = 0 within a filtered row.
  const zero = plan.margin + g.detectorCenter;
  if (plan.simd) {
    out.set(plan.simd.run(), outOffset);
    // The pixels the even spans added are outside the reconstructed set.
    const wide = plan.simdSpans!;
    for (let r = 0; r < n; r++) {
      for (let k = wide[2 * r]!; k < spans[2 * r]!; k++) out[outOffset + r * n + k] = 0;
      for (let k = spans[2 * r + 1]! + 1; k <= wide[2 * r + 1]!; k++) out[outOffset + r * n + k] = 0;
    }
    return;
  }
  out.fill(0, outOffset, outOffset + n * n);

  let a = 0;
  for (; a + 4 <= nAng; a += 4) {
    const c0 = cosT[a]!, c1 = cosT[a + 1]!, c2 = cosT[a + 2]!, c3 = cosT[a + 3]!;
    const s0 = sinT[a]!, s1 = sinT[a + 1]!, s2 = sinT[a + 2]!, s3 = sinT[a + 3]!;
    const b0 = a * stride + zero;
    const b1 = b0 + stride;
    const b2 = b1 + stride;
    const b3 = b2 + stride;
    for (let r = 0; r < n; r++) {
      const lo = spans[2 * r]!;
      const hi = spans[2 * r + 1]!;
      if (lo > hi) continue;
      const dy = r - c;
      const dx = lo - c;
      let t0 = b0 + dx * c0 - dy * s0;
      let t1 = b1 + dx * c1 - dy * s1;
      let t2 = b2 + dx * c2 - dy * s2;
      let t3 = b3 + dx * c3 - dy * s3;
      const o = outOffset + r * n;
      for (let k = lo; k <= hi; k++) {
        const i0 = t0 | 0;
        const i1 = t1 | 0;
        const i2 = t2 | 0;
        const i3 = t3 | 0;
        const q0 = q[i0]!;
        const q1 = q[i1]!;
        const q2 = q[i2]!;
        const q3 = q[i3]!;
        out[o + k]! +=
          q0 + (t0 - i0) * (q[i0 + 1]! - q0) +
          (q1 + (t1 - i1) * (q[i1 + 1]! - q1)) +
          (q2 + (t2 - i2) * (q[i2 + 1]! - q2)) +
          (q3 + (t3 - i3) * (q[i3 + 1]! - q3));
        t0 += c0;
        t1 += c1;
        t2 += c2;
        t3 += c3;
      }
    }
  }
  for (; a < nAng; a++) {
    const ca = cosT[a]!;
    const sa = sinT[a]!;
    const base = a * stride + zero;
    for (let r = 0; r < n; r++) {
      const lo = spans[2 * r]!;
      const hi = spans[2 * r + 1]!;
      if (lo > hi) continue;
      let t = base + (lo - c) * ca - (r - c) * sa;
      const o = outOffset + r * n;
      for (let k = lo; k <= hi; k++) {
        const i = t | 0;
        const q0 = q[i]!;
        out[o + k]! += q0 + (t - i) * (q[i + 1]! - q0);
        t += ca;
      }
    }
  }
}

/**
 * Reconstruct one image from one sinogram (angles x detectors) into `out` (size x size).
 * @example fbp(planFbp({ imageSize: 160, angles: 160 }), sinogram, new Float64Array(160 * 160))
 * // ≈ the phantom: RMS error 0.031 on the 160 x 160 modified Shepp–Logan
 */
export function fbp(plan: FbpPlan, sinogram: Float64Array, out: Float64Array): Float64Array {
  const g = plan.geometry;
  const nAng = g.anglesDeg.length;
  checkLength('fbp: sinogram', sinogram, nAng * g.detectorCount, `${nAng} angles x ${g.detectorCount} detectors`);
  checkLength('fbp: out', out, g.imageSize * g.imageSize, `${g.imageSize} x ${g.imageSize}`);
  checkNotAliased('fbp', sinogram, out);
  checkFinite('fbp: sinogram', sinogram);
  filterProjections(plan, sinogram, 0);
  backProject(plan, out, 0);
  return out;
}

/**
 * Reconstruct a stack slice by slice: `sinograms` holds `slices` sinograms one after the
 * other (slices x angles x detectors), `out` the volume (slices x size x size). The plan's
 * filter and scratch are reused for every slice.
 * @example fbpStack(planFbp({ imageSize: 128, angles: 180 }), sinos, 32, new Float64Array(32 * 128 * 128))
 */
export function fbpStack(plan: FbpPlan, sinograms: Float64Array, slices: number, out: Float64Array): Float64Array {
  const g = plan.geometry;
  checkInteger('fbpStack: slices', slices, 1);
  const perSino = g.anglesDeg.length * g.detectorCount;
  const perImage = g.imageSize * g.imageSize;
  checkLength(
    'fbpStack: sinograms',
    sinograms,
    slices * perSino,
    `${slices} slices x ${g.anglesDeg.length} angles x ${g.detectorCount} detectors`,
  );
  checkLength('fbpStack: out', out, slices * perImage, `${slices} slices x ${g.imageSize} x ${g.imageSize}`);
  checkNotAliased('fbpStack', sinograms, out);
  checkFinite('fbpStack: sinograms', sinograms);
  for (let z = 0; z < slices; z++) {
    filterProjections(plan, sinograms, z * perSino);
    backProject(plan, out, z * perImage);
  }
  return out;
}

/**
 * One-shot FBP: infers the detector count from the sinogram length, plans, allocates, runs.
 * @example iradonFbp(sinogram, { imageSize: 160, angles: 160, filter: 'hann' })
 */
export function iradonFbp(sinogram: Float64Array, options: FbpOptions): Float64Array {
  const nAng = typeof options.angles === 'number' ? options.angles : options.angles.length;
  if (options.detectors === undefined && nAng > 0 && sinogram.length % nAng !== 0) {
    throw new ReconstructionCtError(
      'RPERF_CT_SHAPE_MISMATCH',
      `iradonFbp: sinogram has ${sinogram.length} values, not a multiple of the ${nAng} angles; expected angles x detectors values.`,
    );
  }
  const detectors = options.detectors ?? (nAng > 0 ? sinogram.length / nAng : options.imageSize);
  const plan = planFbp({ ...options, detectors });
  return fbp(plan, sinogram, new Float64Array(options.imageSize * options.imageSize));
}

/**
 * Types shared by the reconstruction kernels.
 *
 * NOTE: complex data is interleaved float64 (`[re0, im0, re1, im1, ...]`, numpy's complex128
 * layout). One element type keeps every kernel monomorphic for V8; float32 input is
 * converted once with `toComplex128` before reconstruction.
 */

/** Interleaved complex float64: element i is `(a[2i], a[2i + 1])`. */
export type ComplexArray = Float64Array;

/**
 * A planned unnormalised 1D DFT of one length (see fft1d.ts):
 * X[k] = Σ_{j<n} x[j] · exp(sign · 2πi · jk / n), sign = -1 forward, +1 inverse.
 */
export interface Fft1d {
  readonly n: number;
  /** Which algorithm the plan uses. */
  readonly kind: 'fftjs' | 'mixed-radix' | 'bluestein' | 'trivial';
  /**
   * Unnormalised DFT of the n complex values at `input[inOff ..]` into `out[outOff ..]`.
   * The two ranges must not overlap. Returns `out`.
   */
  run(input: Float64Array, inOff: number, out: Float64Array, outOff: number, sign: 1 | -1): Float64Array;
}

/** Direction of a centred orthonormal 2D transform. */
export type FftDirection = 'forward' | 'inverse';

/** Multi-coil k-space or coil images: interleaved complex, `[coils, ny, nx]`. */
export interface MultiCoilData {
  readonly data: ComplexArray;
  readonly coils: number;
  readonly ny: number;
  readonly nx: number;
}

/** Shape of coil sensitivity maps (as `@rhenium-perf/fixtures`' `CoilMaps`). */
export interface CoilMapsLike {
  /** Interleaved complex float64 `[coils, ny, nx]`. */
  readonly data: Float64Array;
  readonly coils: number;
  readonly ny: number;
  readonly nx: number;
}

/** Per-iteration history of an iterative reconstruction. */
export interface IterativeResult {
  /** The reconstructed complex image, interleaved `[ny, nx]`. */
  readonly image: ComplexArray;
  /** Iterations run (may be fewer than asked when the tolerance is reached). */
  readonly iterations: number;
  /** Relative residual after each iteration (definition per method, see its docs). */
  readonly residuals: number[];
  /** True when the tolerance stopped the iterations. */
  readonly converged: boolean;
}

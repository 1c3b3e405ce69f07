/**
 * Compressed-sensing SENSE by FISTA (Beck & Teboulle 2009) with an orthonormal Haar
 * wavelet l1 prior:
 *
 *   min_x  ½ ||A x - y||²  +  λ ||W x||_1
 *
 * With L = 1 (||A|| <= 1 for maps normalised to Σ|S_c|² = 1), each iteration is
 *
 *   g       = A^H (A z_k - y)
 *   x_{k+1} = W^T soft(W (z_k - g), λ)          (complex soft threshold on |c|)
 *   t_{k+1} = (1 + sqrt(1 + 4 t_k²)) / 2
 *   z_{k+1} = x_{k+1} + ((t_k - 1) / t_{k+1}) (x_{k+1} - x_k)
 *
 * starting from x_0 = z_0 = A^H y. The coarsest approximation band is not thresholded.
 * Recorded residual per iteration: the data residual ||A z_k - y|| / ||y||, which comes free
 * with the gradient. Stops at `iterations` or when ||x_{k+1} - x_k|| / ||x_{k+1}|| < tolerance.
 */
import { DEFAULT_FISTA_ITERATIONS, DEFAULT_FISTA_LAMBDA, DEFAULT_FISTA_TOLERANCE, DEFAULT_WAVELET_LEVELS } from './defaults';
import { MriReconError } from './errors';
import type { SenseOperator } from './sense';
import type { ComplexArray, IterativeResult } from './types';
import { checkFinite, checkLength, resolveIterations } from './validate';
import { HaarWavelet2d } from './wavelet';

/** Options of {@link FistaWavelet.solve}. */
export interface FistaOptions {
  /** Maximum iterations (>= 1). Default {@link DEFAULT_FISTA_ITERATIONS}. */
  iterations?: number;
  /** Stop when the relative change of x falls below this. Default {@link DEFAULT_FISTA_TOLERANCE}. */
  tolerance?: number;
  /** l1 weight λ >= 0. Default {@link DEFAULT_FISTA_LAMBDA}. */
  lambda?: number;
}

/**
 * A FISTA-wavelet solver with its work vectors and wavelet planned once.
 *
 * @example
 * const fista = new FistaWavelet(new SenseOperator(maps, mask));
 * fista.solve(kspace, image, { iterations: 30, lambda: 0.002 });
 */
export class FistaWavelet {
  readonly wavelet: HaarWavelet2d;
  private readonly z: Float64Array;
  private readonly g: Float64Array;
  private readonly prev: Float64Array;

  constructor(
    readonly op: SenseOperator,
    levels: number = DEFAULT_WAVELET_LEVELS,
  ) {
    this.wavelet = new HaarWavelet2d(op.ny, op.nx, levels);
    const n = 2 * op.ny * op.nx;
    this.z = new Float64Array(n);
    this.g = new Float64Array(n);
    this.prev = new Float64Array(n);
  }

  /** Solve for the complex image `out` ([ny, nx]) from masked multi-coil k-space. */
  solve(kspace: ComplexArray, out: ComplexArray, options: FistaOptions = {}): IterativeResult {
    const op = this.op;
    const { iterations, tolerance } = resolveIterations('FistaWavelet.solve', options.iterations, options.tolerance, DEFAULT_FISTA_ITERATIONS, DEFAULT_FISTA_TOLERANCE);
    const lambda = options.lambda ?? DEFAULT_FISTA_LAMBDA;
    if (!(lambda >= 0) || !Number.isFinite(lambda)) {
      throw new MriReconError('RPERF_MRI_BAD_OPTION', `FistaWavelet.solve: lambda must be a finite number >= 0, received ${String(lambda)}`);
    }
    op.checkKspace('FistaWavelet.solve', kspace);
    checkLength('FistaWavelet.solve', 'out', out, 2 * op.ny * op.nx, `2 * ny * nx for a complex [${op.ny}, ${op.nx}] image`);
    checkFinite('FistaWavelet.solve', 'kspace', kspace);
    const { z, g, prev } = this;
    const x = out;
    let yy = 0;
    for (let i = 0; i < kspace.length; i++) yy += kspace[i]! * kspace[i]!;
    const yNorm = Math.sqrt(yy);
    op.adjoint(kspace, x);
    z.set(x);
    const residuals: number[] = [];
    if (yNorm === 0) return { image: x, iterations: 0, residuals, converged: true };
    let t = 1;
    let k = 0;
    let converged = false;
    while (k < iterations) {
      const r2 = op.residualGradient(z, kspace, g);
      residuals.push(Math.sqrt(r2) / yNorm);
      prev.set(x);
      for (let i = 0; i < x.length; i++) x[i] = z[i]! - g[i]!;
      this.prox(x, lambda);
      const tNew = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
      const mom = (t - 1) / tNew;
      let dd = 0;
      let xx = 0;
      for (let i = 0; i < x.length; i++) {
        const d = x[i]! - prev[i]!;
        z[i] = x[i]! + mom * d;
        dd += d * d;
        xx += x[i]! * x[i]!;
      }
      t = tNew;
      k++;
      if (xx > 0 && Math.sqrt(dd / xx) < tolerance) {
        converged = true;
        break;
      }
    }
    return { image: x, iterations: k, residuals, converged };
  }

  /** x <- W^T soft(W x, λ), in place; the coarse block is kept. */
  private prox(x: Float64Array, lambda: number): void {
    const w = this.wavelet;
    w.forward(x, x);
    const { h: ch, w: cw } = w.coarseBlock();
    const nx = this.op.nx;
    const ny = this.op.ny;
    for (let yy = 0; yy < ny; yy++) {
      const x0 = yy < ch ? cw : 0;
      for (let xx = x0; xx < nx; xx++) {
        const i = 2 * (yy * nx + xx);
        const re = x[i]!;
        const im = x[i + 1]!;
        const mag = Math.sqrt(re * re + im * im);
        const s = mag > lambda ? 1 - lambda / mag : 0;
        x[i] = re * s;
        x[i + 1] = im * s;
      }
    }
    w.inverse(x, x);
  }
}

/**
 * CG-SENSE (Pruessmann et al. 2001): conjugate gradients on the normal equations
 *
 *   A^H A x = A^H y
 *
 * of the SENSE operator (Hermitian positive semi-definite). Starting from x_0 = 0 (so
 * r_0 = A^H y), each iteration applies A^H A once (one forward and one inverse FFT per
 * coil). The recorded residual is ||r_k|| / ||r_0||, which CG drives down overall (NOTE: not
 * strictly step by step: CG minimises the A-norm of the error, the residual norm may rise
 * briefly); iterations stop at `iterations` or when it falls below `tolerance`.
 */
import { DEFAULT_CG_ITERATIONS, DEFAULT_CG_TOLERANCE } from './defaults';
import type { SenseOperator } from './sense';
import type { ComplexArray, IterativeResult } from './types';
import { checkFinite, checkLength, resolveIterations } from './validate';

/** Options of {@link CgSense.solve}. */
export interface CgSenseOptions {
  /** Maximum iterations (>= 1). Default {@link DEFAULT_CG_ITERATIONS}. */
  iterations?: number;
  /** Stop when ||r_k|| / ||r_0|| < tolerance (>= 0). Default {@link DEFAULT_CG_TOLERANCE}. */
  tolerance?: number;
}

/** Real part of the complex inner product <a, b> = Σ conj(a) b. */
function dotRe(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/**
 * A CG-SENSE solver with its work vectors allocated once.
 *
 * @example
 * const cg = new CgSense(new SenseOperator(maps, mask));
 * const { residuals } = cg.solve(kspace, image, { iterations: 10 }); // residuals[9] < residuals[0]
 */
export class CgSense {
  private readonly r: Float64Array;
  private readonly p: Float64Array;
  private readonly q: Float64Array;

  constructor(readonly op: SenseOperator) {
    const n = 2 * op.ny * op.nx;
    this.r = new Float64Array(n);
    this.p = new Float64Array(n);
    this.q = new Float64Array(n);
  }

  /** Solve for the complex image `out` ([ny, nx]) from masked multi-coil k-space. */
  solve(kspace: ComplexArray, out: ComplexArray, options: CgSenseOptions = {}): IterativeResult {
    const op = this.op;
    const { iterations, tolerance } = resolveIterations('CgSense.solve', options.iterations, options.tolerance, DEFAULT_CG_ITERATIONS, DEFAULT_CG_TOLERANCE);
    op.checkKspace('CgSense.solve', kspace);
    checkLength('CgSense.solve', 'out', out, 2 * op.ny * op.nx, `2 * ny * nx for a complex [${op.ny}, ${op.nx}] image`);
    checkFinite('CgSense.solve', 'kspace', kspace);
    const { r, p, q } = this;
    const x = out;
    x.fill(0);
    op.adjoint(kspace, r);
    p.set(r);
    let rr = dotRe(r, r);
    const r0 = Math.sqrt(rr);
    const residuals: number[] = [];
    if (r0 === 0) return { image: x, iterations: 0, residuals, converged: true };
    let converged = false;
    let k = 0;
    while (k < iterations) {
      op.normal(p, q);
      const pq = dotRe(p, q);
      if (!(pq > 0)) break; // p in the null space of A: nothing left to gain
      const alpha = rr / pq;
      for (let i = 0; i < x.length; i++) {
        x[i] += alpha * p[i]!;
        r[i] -= alpha * q[i]!;
      }
      const rrNew = dotRe(r, r);
      k++;
      const rel = Math.sqrt(rrNew) / r0;
      residuals.push(rel);
      if (rel < tolerance) {
        converged = true;
        break;
      }
      const beta = rrNew / rr;
      for (let i = 0; i < p.length; i++) p[i] = r[i]! + beta * p[i]!;
      rr = rrNew;
    }
    return { image: x, iterations: k, residuals, converged };
  }
}

/**
 * The plain forward 2D DFT of an [ny, nx] complex image held in WebAssembly memory, for the
 * `even-simd` pipeline of fft2d.ts (ny, nx = 2^a 3^b 5^c): the Stockham stages of both axes
 * run on whole images, rows as `ny` sequences at once, columns as one sequence with stride
 * times nx (no transposes). Radix-4 and radix-5 stages (all of them at 256 and 320) run in
 * WebAssembly SIMD (fft-simd.ts); radix 2 and 3 stages run the scalar kernels of
 * fft1d-mixed-radix.ts on Float64Array views of the same memory.
 *
 * Memory: A = [0, 16N), B = [16N, 32N) (N = ny·nx complex float64), then the SIMD twiddle
 * tables of the radix-4 and radix-5 stages. The caller writes the input into `a` and applies
 * the input signs (`signs`); `run` ping-pongs between A and B and returns the view holding
 * the result, to which the caller applies the output signs.
 */
import { createFftSimd, simdTwiddles, type FftSimd } from './fft-simd';
import { MixedRadixFft, runStage, type Stage } from './fft1d-mixed-radix';

interface AxisStages {
  readonly stages: readonly Stage[];
  /** Byte offset of each stage's SIMD twiddle table (radix-4 and radix-5 stages), else -1. */
  readonly tw: readonly number[];
}

/** The two axes' forward Stockham stages over one WebAssembly memory. Not re-entrant. */
export class SimdImageFft {
  /** The input goes here (complex interleaved [ny, nx]); `run` may overwrite it. */
  readonly a: Float64Array;
  private readonly b: Float64Array;
  private readonly bytes: number;

  private constructor(
    private readonly simd: FftSimd,
    readonly ny: number,
    readonly nx: number,
    private readonly rows: AxisStages,
    private readonly cols: AxisStages,
  ) {
    const n = ny * nx;
    this.bytes = 16 * n;
    this.a = new Float64Array(simd.buffer, 0, 2 * n);
    this.b = new Float64Array(simd.buffer, this.bytes, 2 * n);
  }

  /** A plan for [ny, nx] (both 2^a 3^b 5^c, > 1), or null where WebAssembly SIMD is unavailable. */
  static create(ny: number, nx: number): SimdImageFft | null {
    const rowPlan = new MixedRadixFft(nx);
    const colPlan = ny === nx ? rowPlan : new MixedRadixFft(ny);
    const simdStage = (st: Stage): boolean => st.p === 4 || st.p === 5;
    const tableBytes = (st: Stage): number => 64 * (st.p - 1) * st.m;
    const twBytes = (p: MixedRadixFft): number => p.stages.reduce((sum, st) => sum + (simdStage(st) ? tableBytes(st) : 0), 0);
    const base = 32 * ny * nx;
    const simd = createFftSimd(base + twBytes(rowPlan) + twBytes(colPlan));
    if (simd === null) return null;
    const f64 = new Float64Array(simd.buffer);
    let at = base;
    const place = (p: MixedRadixFft): AxisStages => ({
      stages: p.stages,
      tw: p.stages.map((st) => {
        if (!simdStage(st)) return -1;
        simdTwiddles(st.twF, st.p, st.m, f64, at / 8);
        at += tableBytes(st);
        return at - tableBytes(st);
      }),
    });
    const rows = place(rowPlan);
    const cols = ny === nx ? rows : place(colPlan);
    return new SimdImageFft(simd, ny, nx, rows, cols);
  }

  /**
   * In place, value (r, l) of `view` (`a` or what `run` returned) times (re, im) · (-1)^(r + l):
   * the `even` pipelines' signs (fft2d.ts), in SIMD.
   */
  signs(view: Float64Array, re: number, im: number): void {
    this.simd.signs(view.byteOffset, this.ny, 16 * this.nx, re, im);
  }

  /** Forward DFT of `a` along x then y; returns `a` or the second buffer, whichever holds it. */
  run(): Float64Array {
    const { ny, nx, simd } = this;
    const n2 = 2 * nx;
    let x = this.a;
    let y = this.b;
    let xb = 0;
    let yb = this.bytes;
    for (let i = 0; i < this.rows.stages.length; i++) {
      const st = this.rows.stages[i]!;
      if (st.p === 4) simd.radix4(xb, yb, this.rows.tw[i]!, st.m, st.s, ny, 16 * nx);
      else if (st.p === 5) simd.radix5(xb, yb, this.rows.tw[i]!, st.m, st.s, ny, 16 * nx);
      else for (let r = 0; r < ny; r++) runStage(st, x, r * n2, y, r * n2, st.s, -1);
      [x, y, xb, yb] = [y, x, yb, xb];
    }
    for (let i = 0; i < this.cols.stages.length; i++) {
      const st = this.cols.stages[i]!;
      if (st.p === 4) simd.radix4(xb, yb, this.cols.tw[i]!, st.m, st.s * nx, 1, 0);
      else if (st.p === 5) simd.radix5(xb, yb, this.cols.tw[i]!, st.m, st.s * nx, 1, 0);
      else runStage(st, x, 0, y, 0, st.s * nx, -1);
      [x, y, xb, yb] = [y, x, yb, xb];
    }
    return x;
  }
}

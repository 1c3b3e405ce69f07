/**
 * FBP back-projection in WebAssembly SIMD, two pixels per f64x2 (issue 17).
 *
 * The same sum as fbp.ts's scalar loop, f(r, k) += Σ_θ q_θ(t) with t = base_θ + (k - c) cos θ
 * - (r - c) sin θ and q linearly interpolated, q(t) = q[i] + (t - i)(q[i + 1] - q[i]),
 * i = floor(t) (t >= 0 by the plan's margins, so truncation is floor). For a pixel pair
 * (k, k + 1) the lanes hold (t, t + cos θ) and advance by 2 cos θ. The filtered projections
 * are first laid out as pairs qd[i] = (q[i], q[i + 1] - q[i]) (the scalar loop's own
 * difference, so each term is computed exactly as there), so each lane needs one 16-byte
 * load at qd + 16 i, and two shuffles regroup them into (q[i0], q[i1]) and the differences.
 *
 * One call adds one block of 4 angles to the whole image (out stays in L2 across a block's
 * four angles, as in the scalar loop). A block's table holds, per angle, base (the index of
 * t = 0 in `q`, a row of the filtered projections), cos θ and sin θ; the last block of a
 * count not divisible by 4 points its spare angles at a row of zeros. For a uniform half turn,
 * angle A - a (180° - θ) reuses angle a's index and fraction at the mirrored pixel (bp4m;
 * see SimdBackProjector). The spans must have
 * even lengths (`evenSpans`). The module is assembled here with @rhenium-perf/wasm-asm, byte by
 * byte, from the listing below (no toolchain, no binary blob); `qd` starts at byte 0 of its
 * memory.
 *
 * Results equal the scalar loop's to rounding (the four angles are summed in another order,
 * and t advances by 2 cos θ per pair rather than cos θ per pixel).
 */

import {
  BLOCK,
  BR_IF_0,
  END,
  F64,
  F64X2_ADD,
  F64X2_CONVERT_LOW_I32X4_S,
  F64X2_MUL,
  F64X2_SPLAT,
  F64X2_SUB,
  F64_ADD,
  F64_CONVERT_I32_S,
  F64_MUL,
  F64_SUB,
  I32,
  I32X4_SHL,
  I32X4_TRUNC_SAT_F64X2_S_ZERO,
  I32_ADD,
  I32_GT_S,
  I32_LT_U,
  I32_MUL,
  I32_SHL,
  I32_TRUNC_F64_S,
  LOOP,
  V128,
  f64Load,
  f64x2ReplaceLane,
  i32Const as i32c,
  i32Load,
  i32x4ExtractLane,
  i8x16Shuffle,
  instantiate,
  localGet as get,
  localSet as set,
  localTee as tee,
  moduleBytes,
  pagesFor,
  v128Load as load16,
  v128Store as store16,
} from '@rhenium-perf/wasm-asm';

/** Lane 0 of each operand: (a0, b0). */
const LOW_LOW = i8x16Shuffle([0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]);
/** Lane 1 of each operand: (a1, b1). */
const HIGH_HIGH = i8x16Shuffle([8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31]);

/** Angles per block (per call). */
export const BLOCK_ANGLES = 4;

// bp4(out, spans, n, tab, c, moff) and bp4m (same): params 0..3 i32 (bytes, bytes, count,
// bytes), 4 f64, 5 i32 (bytes from the image to the mirror image; bp4 ignores it)
const OUT = 0, SPANS = 1, N = 2, TAB = 3, CEN = 4, MOFF = 5;
// i32 locals: D0..D3 = the mirror angles' byte offsets within qd
const R = 6, LO = 7, HI = 8, P = 9, PEND = 10, IV = 11, A0I = 12, A1I = 13, D0 = 14;
// f64 locals
const DX = 18, DY = 19, TT = 20;
// v128 locals: t_a, step_a (BLOCK_ANGLES each), then the rest
const T0 = 21, ST0 = T0 + BLOCK_ANGLES, ACC = ST0 + BLOCK_ANGLES, IVEC = ACC + 1, L0 = ACC + 2, L1 = ACC + 3, FV = ACC + 4, MACC = ACC + 5;
/** Bytes per angle in a block table: base, cos, sin, mirror offset (f64 each). */
const TAB_ANGLE = 32;

/**
 * bp4: one block of 4 angles added to the image. bp4m: the same, and with the same index
 * and fraction, angle A - a (θ' = 180° - θ: cos' = -cos, sin' = sin, so
 * t'(-x, y) - base' = t(x, y) - base) added to the mirror image at (x, y), which belongs
 * to pixel (-x, y) of the image (the caller adds it there). The mirror angle's row is the
 * table's byte offset within qd, so its interpolation costs two loads, no index work.
 */
function bp4Body(mirror: boolean): number[] {
  const c: number[] = [];
  // step_a = splat(2 cos_a); d_a = mirror offset
  for (let a = 0; a < BLOCK_ANGLES; a++) {
    c.push(...get(TAB), ...f64Load(TAB_ANGLE * a + 8), ...get(TAB), ...f64Load(TAB_ANGLE * a + 8), ...F64_ADD, ...F64X2_SPLAT, ...set(ST0 + a));
    if (mirror) c.push(...get(TAB), ...f64Load(TAB_ANGLE * a + 24), ...I32_TRUNC_F64_S, ...set(D0 + a));
  }
  c.push(...i32c(0), ...set(R));
  c.push(...LOOP); // rows
  c.push(...BLOCK); // skip an empty row
  c.push(...get(SPANS), ...get(R), ...i32c(3), ...I32_SHL, ...I32_ADD, ...tee(P), ...i32Load(0), ...set(LO));
  c.push(...get(P), ...i32Load(4), ...set(HI));
  c.push(...get(LO), ...get(HI), ...I32_GT_S, ...BR_IF_0);
  c.push(...get(R), ...F64_CONVERT_I32_S, ...get(CEN), ...F64_SUB, ...set(DY));
  c.push(...get(LO), ...F64_CONVERT_I32_S, ...get(CEN), ...F64_SUB, ...set(DX));
  for (let a = 0; a < BLOCK_ANGLES; a++) {
    // t = base + dx cos - dy sin (the scalar formula); lanes (t, t + cos)
    const tab = (k: number): number[] => [...get(TAB), ...f64Load(TAB_ANGLE * a + 8 * k)];
    c.push(...tab(0), ...get(DX), ...tab(1), ...F64_MUL, ...F64_ADD, ...get(DY), ...tab(2), ...F64_MUL, ...F64_SUB, ...set(TT));
    c.push(...get(TT), ...F64X2_SPLAT, ...get(TT), ...tab(1), ...F64_ADD, ...f64x2ReplaceLane(1), ...set(T0 + a));
  }
  // p = out + 8 (r n + lo); pend = out + 8 (r n + hi + 1)
  c.push(...get(R), ...get(N), ...I32_MUL, ...set(IV));
  c.push(...get(OUT), ...get(IV), ...get(LO), ...I32_ADD, ...i32c(3), ...I32_SHL, ...I32_ADD, ...set(P));
  c.push(...get(OUT), ...get(IV), ...get(HI), ...I32_ADD, ...i32c(1), ...I32_ADD, ...i32c(3), ...I32_SHL, ...I32_ADD, ...set(PEND));
  c.push(...LOOP); // pixel pairs
  c.push(...get(P), ...load16(0), ...set(ACC));
  if (mirror) c.push(...get(P), ...get(MOFF), ...I32_ADD, ...load16(0), ...set(MACC));
  for (let a = 0; a < BLOCK_ANGLES; a++) {
    const t = T0 + a;
    c.push(...get(t), ...I32X4_TRUNC_SAT_F64X2_S_ZERO, ...tee(IVEC), ...i32c(4), ...I32X4_SHL, ...tee(L0));
    // byte offsets 16 i of each lane: (q[i], q[i + 1] - q[i]) is one 16-byte load at qd + 16 i
    c.push(...i32x4ExtractLane(0), ...set(A0I), ...get(L0), ...i32x4ExtractLane(1), ...set(A1I));
    c.push(...get(t), ...get(IVEC), ...F64X2_CONVERT_LOW_I32X4_S, ...F64X2_SUB, ...set(FV));
    c.push(...get(A0I), ...load16(0), ...set(L0), ...get(A1I), ...load16(0), ...set(L1));
    // acc += lo + (t - i) d, lo = (q[i0], q[i1]), d = (q[i0 + 1] - q[i0], q[i1 + 1] - q[i1])
    c.push(...get(ACC), ...get(L0), ...get(L1), ...LOW_LOW, ...get(FV), ...get(L0), ...get(L1), ...HIGH_HIGH);
    c.push(...F64X2_MUL, ...F64X2_ADD, ...F64X2_ADD, ...set(ACC));
    if (mirror) {
      c.push(...get(A0I), ...get(D0 + a), ...I32_ADD, ...load16(0), ...set(L0), ...get(A1I), ...get(D0 + a), ...I32_ADD, ...load16(0), ...set(L1));
      c.push(...get(MACC), ...get(L0), ...get(L1), ...LOW_LOW, ...get(FV), ...get(L0), ...get(L1), ...HIGH_HIGH);
      c.push(...F64X2_MUL, ...F64X2_ADD, ...F64X2_ADD, ...set(MACC));
    }
    c.push(...get(t), ...get(ST0 + a), ...F64X2_ADD, ...set(t));
  }
  c.push(...get(P), ...get(ACC), ...store16(0));
  if (mirror) c.push(...get(P), ...get(MOFF), ...I32_ADD, ...get(MACC), ...store16(0));
  c.push(...get(P), ...i32c(16), ...I32_ADD, ...tee(P), ...get(PEND), ...I32_LT_U, ...BR_IF_0, ...END);
  c.push(...END); // block
  c.push(...get(R), ...i32c(1), ...I32_ADD, ...tee(R), ...get(N), ...I32_LT_U, ...BR_IF_0, ...END);
  c.push(...END);
  return c;
}

/** bp4 and bp4m's locals after the parameters. */
const BP4_LOCALS = [[12, I32], [3, F64], [2 * BLOCK_ANGLES + 6, V128]] as const;

/**
 * The module's bytes, with `pages` 64 KiB pages of memory (exported as `memory`) and the
 * "name" section, so CPU profiles and stack traces name the back-projection instead of
 * wasm-function[0].
 */
export function backProjectModuleBytes(pages: number): Uint8Array {
  const params = [I32, I32, I32, I32, F64, I32] as const;
  return moduleBytes({
    memoryPages: pages,
    functions: [
      { exportName: 'bp4', name: FUNCTION_NAMES[0], params, locals: BP4_LOCALS, code: bp4Body(false) },
      { exportName: 'bp4m', name: FUNCTION_NAMES[1], params, locals: BP4_LOCALS, code: bp4Body(true) },
    ],
  });
}

/** The functions' names in profiles (`rhenium-perf profile` shows them as the top frames). */
export const FUNCTION_NAMES = ['backProjectSimd', 'backProjectSimdMirrored'] as const;

/**
 * Spans widened to even lengths for the pixel pairs (one pixel more on the right, or on the
 * left at the row's end), or null when a row cannot be widened (an odd full row).
 * The extra pixels are outside the reconstructed set: the caller zeroes them afterwards.
 */
export function evenSpans(spans: Int32Array, n: number): Int32Array | null {
  const out = Int32Array.from(spans);
  for (let r = 0; r < n; r++) {
    const lo = out[2 * r]!;
    const hi = out[2 * r + 1]!;
    if (lo > hi || (hi - lo + 1) % 2 === 0) continue;
    if (hi + 1 < n) out[2 * r + 1] = hi + 1;
    else if (lo > 0) out[2 * r] = lo - 1;
    else return null;
  }
  return out;
}

/**
 * A back-projector over one WebAssembly memory: `qd` (pairs (q[i], q[i + 1] - q[i]) of the
 * filtered projections, then one row of zeros) at byte 0, then `q`, the image, the mirror
 * image, the spans and the angle-block tables.
 *
 * Angles a and A - a of a uniform half turn (θ and 180° - θ) share their index work (bp4m);
 * the others (0°, and 90° for an even count, or every angle when the angles are not
 * uniform) run in bp4 blocks. The mirror image holds, at (x, y), angle A - a's sum for pixel
 * (-x, y); `run` adds it there, and sums directly the few pixels whose mirror is outside the
 * back-projected spans (the middle row's first pixel at an even size).
 */
export class SimdBackProjector {
  /** Filtered projections, angles x stride (written by the FBP filter step). */
  readonly q: Float64Array;
  private readonly qd: Float64Array;
  /** The image the blocks add into (n x n). */
  readonly image: Float64Array;
  private readonly mirror: Float64Array;
  private constructor(
    private readonly ex: { bp4: Kernel; bp4m: Kernel },
    readonly n: number,
    private readonly center: number,
    buf: ArrayBuffer,
    private readonly layout: { qAt: number; imageAt: number; mirrorAt: number; spansAt: number },
    private readonly angles: number,
    private readonly stride: number,
    private readonly zero: number,
    private readonly spans: Int32Array,
    private readonly wide: Int32Array,
    private readonly cos: Float64Array,
    private readonly sin: Float64Array,
    private readonly singleTabs: readonly number[],
    private readonly pairTabs: readonly number[],
    /** The mirror angles A - a of the pairs. */
    private readonly mirrorAngles: readonly number[],
  ) {
    this.q = new Float64Array(buf, layout.qAt, angles * stride);
    this.qd = new Float64Array(buf, 0, 2 * (angles + 1) * stride);
    this.image = new Float64Array(buf, layout.imageAt, n * n);
    this.mirror = new Float64Array(buf, layout.mirrorAt, n * n);
  }

  /**
   * Plan for `angles` rows of `stride` filtered bins (t = 0 at `zero` within a row), an n x n
   * image with centre `center`, the reconstructed `spans` and their even widening `wide`, and
   * per-angle cos, sin. Null where WebAssembly SIMD is unavailable.
   */
  static create(
    n: number,
    center: number,
    angles: number,
    stride: number,
    zero: number,
    spans: Int32Array,
    wide: Int32Array,
    cos: Float64Array,
    sin: Float64Array,
  ): SimdBackProjector | null {
    // Pairs (a, A - a) when the angles mirror about 90° (a uniform half turn).
    let mirrored = angles > 2;
    for (let a = 1; a < angles && mirrored; a++) {
      mirrored = Math.abs(cos[angles - a]! + cos[a]!) <= 1e-12 && Math.abs(sin[angles - a]! - sin[a]!) <= 1e-12;
    }
    const pairs: number[] = [];
    const singles: number[] = [];
    for (let a = 0; a < angles; a++) {
      if (mirrored && a > 0 && a < angles - a) pairs.push(a);
      else if (!mirrored || a === 0 || a === angles - a) singles.push(a);
    }
    const blocksOf = (list: number[]): number[][] => {
      const out: number[][] = [];
      for (let i = 0; i < list.length; i += BLOCK_ANGLES) out.push(list.slice(i, i + BLOCK_ANGLES));
      return out;
    };
    const singleBlocks = blocksOf(singles);
    const pairBlocks = blocksOf(pairs);
    const qAt = 16 * (angles + 1) * stride;
    const imageAt = qAt + 16 * Math.ceil((angles * stride) / 2);
    const mirrorAt = imageAt + 8 * n * n;
    const spansAt = mirrorAt + 8 * n * n;
    const tabAt = spansAt + 8 * n;
    const tabBytes = TAB_ANGLE * BLOCK_ANGLES;
    const bytes = tabAt + tabBytes * (singleBlocks.length + pairBlocks.length);
    try {
      const ex = instantiate(backProjectModuleBytes(pagesFor(bytes))) as { memory: { buffer: ArrayBuffer }; bp4: Kernel; bp4m: Kernel } | null;
      if (ex === null) return null;
      const buf = ex.memory.buffer;
      new Int32Array(buf, spansAt, 2 * n).set(wide);
      const tab = new Float64Array(buf, tabAt, (tabBytes / 8) * (singleBlocks.length + pairBlocks.length));
      const tabs: number[] = [];
      for (const [b, block] of [...singleBlocks, ...pairBlocks].entries()) {
        tabs.push(tabAt + tabBytes * b);
        for (let k = 0; k < BLOCK_ANGLES; k++) {
          const a = block[k];
          const o = (tabBytes / 8) * b + 4 * k;
          // A spare angle reads the zero row (index `angles`) at t = zero: adds exactly 0 (and its mirror too).
          tab[o] = (a ?? angles) * stride + zero;
          tab[o + 1] = a === undefined ? 0 : cos[a]!;
          tab[o + 2] = a === undefined ? 0 : sin[a]!;
          tab[o + 3] = a === undefined ? 0 : 16 * (angles - 2 * a) * stride;
        }
      }
      return new SimdBackProjector(
        { bp4: ex.bp4, bp4m: ex.bp4m },
        n,
        center,
        buf,
        { qAt, imageAt, mirrorAt, spansAt },
        angles,
        stride,
        zero,
        spans,
        wide,
        cos,
        sin,
        tabs.slice(0, singleBlocks.length),
        tabs.slice(singleBlocks.length),
        pairs.map((a) => angles - a),
      );
    } catch {
      return null;
    }
  }

  /** Back-project `q` into `image` (zeroed first; the caller zeroes pixels outside its own spans). */
  run(): Float64Array {
    const { q, qd, stride, n, image, mirror, spans, wide, center: c } = this;
    // qd[i] = (q[i], q[i + 1] - q[i]) along each row; the last bin's difference is never read
    // (the plan's margins keep i + 1 inside the row) and stays 0.
    for (let row = 0; row < q.length; row += stride) {
      const end = row + stride - 1;
      for (let i = row; i < end; i++) {
        const v = q[i]!;
        qd[2 * i] = v;
        qd[2 * i + 1] = q[i + 1]! - v;
      }
      qd[2 * end] = q[end]!;
    }
    image.fill(0);
    const { imageAt, mirrorAt, spansAt } = this.layout;
    for (const tab of this.singleTabs) this.ex.bp4(imageAt, spansAt, n, tab, c, 0);
    if (this.pairTabs.length === 0) return image;
    mirror.fill(0);
    for (const tab of this.pairTabs) this.ex.bp4m(imageAt, spansAt, n, tab, c, mirrorAt - imageAt);
    // Pixel k' of row r takes the mirror sums at k = 2c - k'.
    for (let r = 0; r < n; r++) {
      const o = r * n;
      const wlo = wide[2 * r]!;
      const whi = wide[2 * r + 1]!;
      for (let kp = spans[2 * r]!; kp <= spans[2 * r + 1]!; kp++) {
        const k = 2 * c - kp;
        image[o + kp]! += k >= wlo && k <= whi ? mirror[o + k]! : this.mirrorSum(r, kp);
      }
    }
    return image;
  }

  /** The mirror angles' sum for pixel (r, k) directly (the scalar formula). */
  private mirrorSum(r: number, k: number): number {
    const { q, stride, zero, center: c } = this;
    let sum = 0;
    for (const b of this.mirrorAngles) {
      const t = b * stride + zero + (k - c) * this.cos[b]! - (r - c) * this.sin[b]!;
      const i = t | 0;
      sum += q[i]! + (t - i) * (q[i + 1]! - q[i]!);
    }
    return sum;
  }
}

type Kernel = (out: number, spans: number, n: number, tab: number, c: number, moff: number) => void;

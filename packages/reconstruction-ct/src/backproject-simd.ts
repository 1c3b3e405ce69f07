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
  type LocalGroup,
} from '@rhenium-perf/wasm-asm';

/** Lane 0 of each operand: (a0, b0). */
const LOW_LOW = i8x16Shuffle([0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23]);
/** Lane 1 of each operand: (a1, b1). */
const HIGH_HIGH = i8x16Shuffle([8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31]);

/** Angle groups per block (per call) of bp4 and bp4m. */
export const BLOCK_ANGLES = 4;
/** Angle groups per block of bp4q (each group 4 angles: 8 angles per pass over the image; 4 groups spill registers and ran slower). */
export const QUAD_GROUPS = 2;

// bp4(out, spans, n, tab, c, moff), bp4m and bp4q (same): params 0..3 i32 (bytes, bytes,
// count, bytes), 4 f64, 5 i32 (bytes from one image to the next; bp4 ignores it)
const OUT = 0, SPANS = 1, N = 2, TAB = 3, CEN = 4, MOFF = 5;
/**
 * Bytes per group in a block table: base, cos, sin of the group's angle, then the byte
 * offsets within qd of the rows that share its index (for images 1, 2, 3), f64 each, and
 * padding.
 */
const TAB_ANGLE = 64;

/** A function body and the locals it declares after the parameters. */
interface Body {
  readonly code: number[];
  readonly locals: readonly LocalGroup[];
}

/**
 * One pass over the image for one block of `groups` angle groups, each group adding
 * `ways` angles with one index and fraction:
 *
 * - image 0 (at `out`): the group's angle θ at the pixel (x, y) itself (x = k - c, y = r - c);
 * - image 1 (`out + moff`): the row at offset d1, angle 180° - θ (cos' = -cos, sin' = sin,
 *   so t'(-x, y) - base' = t(x, y) - base), whose sum belongs to pixel (-x, y);
 * - image 2 (`out + 2 moff`): the row at d2, angle θ + 90° (cos'' = -sin, sin'' = cos, so
 *   t''(y, -x) - base'' = t(x, y) - base), for pixel (y, -x);
 * - image 3 (`out + 3 moff`): the row at d3, angle 90° - θ (cos''' = sin, sin''' = cos,
 *   t'''(-y, -x) = t(x, y)), for pixel (-y, -x).
 *
 * The caller adds images 1..3 to image 0 at those pixels. A row offset pointing at the row of
 * zeros adds exactly 0. bp4: ways 1; bp4m: ways 2 (θ, 180° - θ); bp4q: ways 4.
 */
function bpBody(ways: number, groups: number): Body {
  // i32 locals
  let next = 6;
  const R = next++, LO = next++, HI = next++, P = next++, PEND = next++, IV = next++, A0I = next++, A1I = next++;
  const MO: number[] = [0]; // byte offsets of images 1..ways-1 from image 0
  for (let j = 1; j < ways; j++) MO.push(next++);
  const D: number[][] = [];
  for (let g = 0; g < groups; g++) {
    const row: number[] = [0];
    for (let j = 1; j < ways; j++) row.push(next++);
    D.push(row);
  }
  const i32Count = next - 6;
  // f64 locals
  const DX = next++, DY = next++, TT = next++;
  // v128 locals
  const T: number[] = [], ST: number[] = [], ACC: number[] = [];
  for (let g = 0; g < groups; g++) T.push(next++);
  for (let g = 0; g < groups; g++) ST.push(next++);
  for (let j = 0; j < ways; j++) ACC.push(next++);
  const IVEC = next++, L0 = next++, L1 = next++, FV = next++;
  const v128Count = next - (TT + 1);

  const c: number[] = [];
  // step_g = splat(2 cos_g); d_gj = row offsets; mo_j = j moff
  for (let g = 0; g < groups; g++) {
    c.push(...get(TAB), ...f64Load(TAB_ANGLE * g + 8), ...get(TAB), ...f64Load(TAB_ANGLE * g + 8), ...F64_ADD, ...F64X2_SPLAT, ...set(ST[g]!));
    for (let j = 1; j < ways; j++) c.push(...get(TAB), ...f64Load(TAB_ANGLE * g + 8 * (2 + j)), ...I32_TRUNC_F64_S, ...set(D[g]![j]!));
  }
  for (let j = 1; j < ways; j++) c.push(...get(MOFF), ...i32c(j), ...I32_MUL, ...set(MO[j]!));
  c.push(...i32c(0), ...set(R));
  c.push(...LOOP); // rows
  c.push(...BLOCK); // skip an empty row
  c.push(...get(SPANS), ...get(R), ...i32c(3), ...I32_SHL, ...I32_ADD, ...tee(P), ...i32Load(0), ...set(LO));
  c.push(...get(P), ...i32Load(4), ...set(HI));
  c.push(...get(LO), ...get(HI), ...I32_GT_S, ...BR_IF_0);
  c.push(...get(R), ...F64_CONVERT_I32_S, ...get(CEN), ...F64_SUB, ...set(DY));
  c.push(...get(LO), ...F64_CONVERT_I32_S, ...get(CEN), ...F64_SUB, ...set(DX));
  for (let g = 0; g < groups; g++) {
    // t = base + dx cos - dy sin (the scalar formula); lanes (t, t + cos)
    const tab = (k: number): number[] => [...get(TAB), ...f64Load(TAB_ANGLE * g + 8 * k)];
    c.push(...tab(0), ...get(DX), ...tab(1), ...F64_MUL, ...F64_ADD, ...get(DY), ...tab(2), ...F64_MUL, ...F64_SUB, ...set(TT));
    c.push(...get(TT), ...F64X2_SPLAT, ...get(TT), ...tab(1), ...F64_ADD, ...f64x2ReplaceLane(1), ...set(T[g]!));
  }
  // p = out + 8 (r n + lo); pend = out + 8 (r n + hi + 1)
  c.push(...get(R), ...get(N), ...I32_MUL, ...set(IV));
  c.push(...get(OUT), ...get(IV), ...get(LO), ...I32_ADD, ...i32c(3), ...I32_SHL, ...I32_ADD, ...set(P));
  c.push(...get(OUT), ...get(IV), ...get(HI), ...I32_ADD, ...i32c(1), ...I32_ADD, ...i32c(3), ...I32_SHL, ...I32_ADD, ...set(PEND));
  const at = (base: number, off: number): number[] => (off === 0 ? get(base) : [...get(base), ...get(off), ...I32_ADD]);
  c.push(...LOOP); // pixel pairs
  for (let j = 0; j < ways; j++) c.push(...at(P, MO[j]!), ...load16(0), ...set(ACC[j]!));
  for (let g = 0; g < groups; g++) {
    const t = T[g]!;
    c.push(...get(t), ...I32X4_TRUNC_SAT_F64X2_S_ZERO, ...tee(IVEC), ...i32c(4), ...I32X4_SHL, ...tee(L0));
    // byte offsets 16 i of each lane: (q[i], q[i + 1] - q[i]) is one 16-byte load at qd + 16 i
    c.push(...i32x4ExtractLane(0), ...set(A0I), ...get(L0), ...i32x4ExtractLane(1), ...set(A1I));
    c.push(...get(t), ...get(IVEC), ...F64X2_CONVERT_LOW_I32X4_S, ...F64X2_SUB, ...set(FV));
    for (let j = 0; j < ways; j++) {
      const d = D[g]![j]!;
      c.push(...at(A0I, d), ...load16(0), ...set(L0), ...at(A1I, d), ...load16(0), ...set(L1));
      // acc += lo + (t - i) d, lo = (q[i0], q[i1]), d = (q[i0 + 1] - q[i0], q[i1 + 1] - q[i1])
      c.push(...get(ACC[j]!), ...get(L0), ...get(L1), ...LOW_LOW, ...get(FV), ...get(L0), ...get(L1), ...HIGH_HIGH);
      c.push(...F64X2_MUL, ...F64X2_ADD, ...F64X2_ADD, ...set(ACC[j]!));
    }
    c.push(...get(t), ...get(ST[g]!), ...F64X2_ADD, ...set(t));
  }
  for (let j = 0; j < ways; j++) c.push(...at(P, MO[j]!), ...get(ACC[j]!), ...store16(0));
  c.push(...get(P), ...i32c(16), ...I32_ADD, ...tee(P), ...get(PEND), ...I32_LT_U, ...BR_IF_0, ...END);
  c.push(...END); // block
  c.push(...get(R), ...i32c(1), ...I32_ADD, ...tee(R), ...get(N), ...I32_LT_U, ...BR_IF_0, ...END);
  c.push(...END);
  return { code: c, locals: [[i32Count, I32], [3, F64], [v128Count, V128]] };
}

/**
 * The module's bytes, with `pages` 64 KiB pages of memory (exported as `memory`) and the
 * "name" section, so CPU profiles and stack traces name the back-projection instead of
 * wasm-function[0].
 */
export function backProjectModuleBytes(pages: number): Uint8Array {
  const params = [I32, I32, I32, I32, F64, I32] as const;
  const fn = (exportName: string, name: string, body: Body) => ({ exportName, name, params, locals: body.locals, code: body.code });
  return moduleBytes({
    memoryPages: pages,
    functions: [
      fn('bp4', FUNCTION_NAMES[0], bpBody(1, BLOCK_ANGLES)),
      fn('bp4m', FUNCTION_NAMES[1], bpBody(2, BLOCK_ANGLES)),
      fn('bp4q', FUNCTION_NAMES[2], bpBody(4, QUAD_GROUPS)),
    ],
  });
}

/** The functions' names in profiles (`rhenium-perf profile` shows them as the top frames). */
export const FUNCTION_NAMES = ['backProjectSimd', 'backProjectSimdMirrored', 'backProjectSimdQuad'] as const;

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
 * filtered projections, then one row of zeros) at byte 0, then `q`, the image and the three
 * images of shared angles (see bpBody), the spans and the angle-block tables.
 *
 * For a uniform half turn whose angle count is even, the angles θ, 180° - θ, 90° + θ and
 * 90° - θ share their index work (bp4q, 8 angles per pass over the image; 0° takes 90° along,
 * and 45° its mirror 135° when the count is a multiple of 4); for another uniform half turn,
 * θ and 180° - θ (bp4m); irregular angles run in bp4 blocks. `run` adds each shared image at
 * its pixels, and sums directly the few pixels whose source is outside the back-projected
 * spans (the first pixel of the middle row and column at an even size, or a full square's
 * first row and column).
 */
export class SimdBackProjector {
  /** Filtered projections, angles x stride (written by the FBP filter step). */
  readonly q: Float64Array;
  private readonly qd: Float64Array;
  /** The image the blocks add into (n x n). */
  readonly image: Float64Array;
  /** Images 1..3 (n x n each; unused ones empty). */
  private readonly shared: readonly Float64Array[];
  private constructor(
    private readonly ex: Record<'bp4' | 'bp4m' | 'bp4q', Kernel>,
    readonly n: number,
    private readonly center: number,
    buf: ArrayBuffer,
    private readonly layout: { qAt: number; imageAt: number; spansAt: number },
    angles: number,
    private readonly stride: number,
    private readonly zero: number,
    private readonly spans: Int32Array,
    private readonly wide: Int32Array,
    private readonly cos: Float64Array,
    private readonly sin: Float64Array,
    /** Per kernel, the byte offsets of its block tables. */
    private readonly calls: readonly { kernel: 'bp4' | 'bp4m' | 'bp4q'; tabs: readonly number[] }[],
    /** The angles summed into images 1, 2, 3 (index 0 unused). */
    private readonly rowsOf: readonly (readonly number[])[],
  ) {
    this.q = new Float64Array(buf, layout.qAt, angles * stride);
    this.qd = new Float64Array(buf, 0, 2 * (angles + 1) * stride);
    this.image = new Float64Array(buf, layout.imageAt, n * n);
    this.shared = [1, 2, 3].map((j) => new Float64Array(buf, layout.imageAt + 8 * n * n * j, rowsOf[j]!.length > 0 ? n * n : 0));
  }

  /**
   * Plan for `angles` rows of `stride` filtered bins (t = 0 at `zero` within a row), an n x n
   * image with centre `center`, the reconstructed `spans` and their even widening `wide`, and
   * per-angle cos, sin. Null where WebAssembly SIMD is unavailable. `share` limits the angles
   * that share an index (4: up to θ, 180° - θ, 90° ± θ; 2: θ, 180° - θ; 1: none; for tests).
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
    share: 1 | 2 | 4 = 4,
  ): SimdBackProjector | null {
    const near = (x: number, y: number): boolean => Math.abs(x - y) <= 1e-12;
    // θ and 180° - θ (a, A - a) when the angles mirror about 90° (a uniform half turn).
    let mirrored = share >= 2 && angles > 2;
    for (let a = 1; a < angles && mirrored; a++) mirrored = near(cos[angles - a]!, -cos[a]!) && near(sin[angles - a]!, sin[a]!);
    // θ + 90° (A/2 + a) too, for an even count (90° - θ is then A/2 - a, the mirror of A/2 + a).
    const half = angles / 2;
    let quad = mirrored && share >= 4 && angles % 2 === 0;
    for (let a = 0; a < half && quad; a++) quad = near(cos[half + a]!, -sin[a]!) && near(sin[half + a]!, cos[a]!);
    // Groups: an angle and the rows sharing its index (null: none, the row of zeros).
    type Group = { a: number; rows: (number | null)[] };
    const singles: Group[] = [];
    const pairs: Group[] = [];
    const quads: Group[] = [];
    if (quad) {
      quads.push({ a: 0, rows: [null, half, null] });
      for (let a = 1; a <= half - a; a++) quads.push({ a, rows: a < half - a ? [angles - a, half + a, half - a] : [angles - a, null, null] });
    } else {
      for (let a = 0; a < angles; a++) {
        if (mirrored && a > 0 && a < angles - a) pairs.push({ a, rows: [angles - a] });
        else if (!mirrored || a === 0 || a === angles - a) singles.push({ a, rows: [] });
      }
    }
    const blocksOf = (list: Group[], size: number): Group[][] => {
      const out: Group[][] = [];
      for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
      return out;
    };
    const kernels = [
      { kernel: 'bp4' as const, blocks: blocksOf(singles, BLOCK_ANGLES), size: BLOCK_ANGLES },
      { kernel: 'bp4m' as const, blocks: blocksOf(pairs, BLOCK_ANGLES), size: BLOCK_ANGLES },
      { kernel: 'bp4q' as const, blocks: blocksOf(quads, QUAD_GROUPS), size: QUAD_GROUPS },
    ];
    const rowsOf: number[][] = [[], [], [], []];
    for (const g of [...pairs, ...quads]) g.rows.forEach((row, j) => row !== null && rowsOf[j + 1]!.push(row));
    const qAt = 16 * (angles + 1) * stride;
    const imageAt = qAt + 16 * Math.ceil((angles * stride) / 2);
    const spansAt = imageAt + 4 * 8 * n * n;
    const tabAt = spansAt + 8 * n;
    const tabBytes = (size: number): number => TAB_ANGLE * size;
    const bytes = tabAt + kernels.reduce((s, k) => s + tabBytes(k.size) * k.blocks.length, 0);
    try {
      const ex = instantiate(backProjectModuleBytes(pagesFor(bytes))) as ({ memory: { buffer: ArrayBuffer } } & Record<'bp4' | 'bp4m' | 'bp4q', Kernel>) | null;
      if (ex === null) return null;
      const buf = ex.memory.buffer;
      new Int32Array(buf, spansAt, 2 * n).set(wide);
      const tab = new Float64Array(buf, tabAt, (bytes - tabAt) / 8);
      const calls: { kernel: 'bp4' | 'bp4m' | 'bp4q'; tabs: number[] }[] = [];
      let at = 0;
      for (const k of kernels) {
        const tabs: number[] = [];
        for (const block of k.blocks) {
          tabs.push(tabAt + at);
          for (let g = 0; g < k.size; g++) {
            const group = block[g];
            const o = at / 8 + (TAB_ANGLE / 8) * g;
            // A spare group reads the zero row (index `angles`) at t = zero: adds exactly 0 (its shared rows too).
            const a = group?.a ?? angles;
            tab[o] = a * stride + zero;
            tab[o + 1] = group ? cos[a]! : 0;
            tab[o + 2] = group ? sin[a]! : 0;
            for (let j = 0; j < 3; j++) {
              const row = group?.rows[j] ?? angles;
              tab[o + 3 + j] = 16 * (row - a) * stride;
            }
          }
          at += tabBytes(k.size);
        }
        if (tabs.length > 0) calls.push({ kernel: k.kernel, tabs });
      }
      return new SimdBackProjector(
        { bp4: ex.bp4, bp4m: ex.bp4m, bp4q: ex.bp4q },
        n,
        center,
        buf,
        { qAt, imageAt, spansAt },
        angles,
        stride,
        zero,
        spans,
        wide,
        cos,
        sin,
        calls,
        rowsOf,
      );
    } catch {
      return null;
    }
  }

  /** Angles summed into image 0 by one pass of each kernel, for tests: which sharing the plan uses. */
  get kernels(): readonly string[] {
    return this.calls.map((c) => c.kernel);
  }

  /** Back-project `q` into `image` (zeroed first; the caller zeroes pixels outside its own spans). */
  run(): Float64Array {
    const { q, qd, stride, n, image, shared, spans, wide, rowsOf, center: c } = this;
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
    for (const s of shared) s.fill(0);
    const { imageAt, spansAt } = this.layout;
    const moff = 8 * n * n;
    for (const { kernel, tabs } of this.calls) {
      const f = this.ex[kernel];
      for (const tab of tabs) f(imageAt, spansAt, n, tab, c, moff);
    }
    // Pixel (r', k') takes image 1 at (r', 2c - k'), image 2 at (k', 2c - r'), image 3 at
    // (2c - k', 2c - r'); a source outside the back-projected spans is summed directly.
    const inside = (r: number, k: number): boolean => r >= 0 && r < n && k >= wide[2 * r]! && k <= wide[2 * r + 1]!;
    const [m1, m2, m3] = shared as [Float64Array, Float64Array, Float64Array];
    const use1 = rowsOf[1]!.length > 0, use2 = rowsOf[2]!.length > 0, use3 = rowsOf[3]!.length > 0;
    if (!use1 && !use2 && !use3) return image;
    for (let r = 0; r < n; r++) {
      const o = r * n;
      const kr = 2 * c - r;
      for (let kp = spans[2 * r]!; kp <= spans[2 * r + 1]!; kp++) {
        const km = 2 * c - kp;
        let sum = 0;
        if (use1) sum += inside(r, km) ? m1[o + km]! : this.directSum(1, r, kp);
        if (use2) sum += inside(kp, kr) ? m2[kp * n + kr]! : this.directSum(2, r, kp);
        if (use3) sum += inside(km, kr) ? m3[km * n + kr]! : this.directSum(3, r, kp);
        image[o + kp]! += sum;
      }
    }
    return image;
  }

  /** Image j's angles summed for pixel (r, k) directly (the scalar formula). */
  private directSum(j: number, r: number, k: number): number {
    const { q, stride, zero, center: c } = this;
    let sum = 0;
    for (const b of this.rowsOf[j]!) {
      const t = b * stride + zero + (k - c) * this.cos[b]! - (r - c) * this.sin[b]!;
      const i = t | 0;
      sum += q[i]! + (t - i) * (q[i + 1]! - q[i]!);
    }
    return sum;
  }
}

type Kernel = (out: number, spans: number, n: number, tab: number, c: number, moff: number) => void;

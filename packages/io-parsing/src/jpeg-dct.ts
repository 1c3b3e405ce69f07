/**
 * The 8x8 two-dimensional DCT of JPEG's DCT-based processes (ITU-T T.81 A.3.3), as two
 * separable passes of an orthonormal 8-point DCT-II in float64:
 *
 *   F(v,u) = sum_y sum_x B[v][y] B[u][x] f(y,x),   f(y,x) = sum_v sum_u B[v][y] B[u][x] F(v,u),
 *   B[u][x] = C(u)/2 cos((2x+1) u pi / 16),  C(0) = 1/sqrt(2), C(u>0) = 1,
 *
 * which is T.81's FDCT/IDCT (the 1/4 C(u) C(v) factors split between the two passes). B is
 * orthonormal, so IDCT(FDCT(f)) = f to rounding; the float64 kernels are the reference T.81
 * annex A describes (the conformance tolerance of fast integer IDCTs is measured against it).
 * Blocks are row-major, index 8 * row + column; kernels write into the caller's `out`.
 */

/** B[8 * u + x], the orthonormal DCT-II basis. */
const BASIS: Float64Array = (() => {
  const b = new Float64Array(64);
  for (let u = 0; u < 8; u++) for (let x = 0; x < 8; x++) b[8 * u + x] = ((u === 0 ? Math.SQRT1_2 : 1) / 2) * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  return b;
})();

/**
 * Forward 8x8 DCT of `block` (level-shifted samples) into `out` (coefficients F(v,u) at 8v+u);
 * `tmp` is 64 float64 of scratch. Refuses out === block.
 * @example fdct8x8(new Float64Array(64).fill(1), out, tmp) // out[0] = 8, the rest 0
 */
export function fdct8x8(block: Float64Array, out: Float64Array, tmp: Float64Array): Float64Array {
  if (out === block || tmp === block || tmp === out) throw new Error('fdct8x8: block, out and tmp must be distinct arrays');
  // Rows: tmp[y][u] = sum_x B[u][x] f[y][x]; columns: out[v][u] = sum_y B[v][y] tmp[y][u].
  for (let y = 0; y < 8; y++) {
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let x = 0; x < 8; x++) s += BASIS[8 * u + x]! * block[8 * y + x]!;
      tmp[8 * y + u] = s;
    }
  }
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let y = 0; y < 8; y++) s += BASIS[8 * v + y]! * tmp[8 * y + u]!;
      out[8 * v + u] = s;
    }
  }
  return out;
}

/**
 * Inverse 8x8 DCT of the coefficients `coef` (F(v,u) at 8v+u) into `out` (level-shifted
 * samples); `tmp` is 64 float64 of scratch. Refuses out === coef.
 * @example idct8x8(Float64Array.of(8, ...new Array(63).fill(0)), out, tmp) // out all 1
 */
export function idct8x8(coef: Float64Array, out: Float64Array, tmp: Float64Array): Float64Array {
  if (out === coef || tmp === coef || tmp === out) throw new Error('idct8x8: coef, out and tmp must be distinct arrays');
  // Columns: tmp[y][u] = sum_v B[v][y] F[v][u]; rows: out[y][x] = sum_u B[u][x] tmp[y][u].
  for (let u = 0; u < 8; u++) {
    for (let y = 0; y < 8; y++) {
      let s = 0;
      for (let v = 0; v < 8; v++) {
        const c = coef[8 * v + u]!;
        if (c !== 0) s += BASIS[8 * v + y]! * c;
      }
      tmp[8 * y + u] = s;
    }
  }
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      let s = 0;
      for (let u = 0; u < 8; u++) s += BASIS[8 * u + x]! * tmp[8 * y + u]!;
      out[8 * y + x] = s;
    }
  }
  return out;
}

/**
 * LEB128, the variable-length integer encoding of the WebAssembly binary format: 7 bits per
 * byte, least significant first, the high bit set on every byte but the last.
 */

/**
 * Unsigned LEB128 of an integer in [0, 2^32).
 * @example uleb(624485) // [0xe5, 0x8e, 0x26]
 */
export function uleb(n: number): number[] {
  if (!Number.isInteger(n) || n < 0 || n > 0xffff_ffff) throw new RangeError(`uleb: expected an integer in [0, 2^32), received ${n}`);
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/**
 * Signed LEB128 of an integer in [-2^31, 2^31) (an i32 immediate): stops once the remaining
 * bits are all copies of the last byte's sign bit (0x40).
 * @example sleb(-123456) // [0xc0, 0xbb, 0x78]
 */
export function sleb(n: number): number[] {
  if (!Number.isInteger(n) || n < -0x8000_0000 || n > 0x7fff_ffff) throw new RangeError(`sleb: expected an integer in [-2^31, 2^31), received ${n}`);
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

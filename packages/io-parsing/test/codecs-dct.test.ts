/**
 * The pieces of the project's 12-bit JPEG codec against independent references: the 8x8 DCT
 * kernels against T.81's formula (A.3.3) summed directly, the frame-size reader against
 * hand-written headers, and the decoder's refusals (one line each).
 */
import { describe, expect, it } from 'vitest';
import { createRng } from '@rhenium-perf/fixtures';
import { codestreamGeometry } from '../src/codestream-geometry';
import { fdct8x8, idct8x8 } from '../src/jpeg-dct';
import { decodeJpegDctFrame } from '../src/jpeg-dct-decode';
import { encodeJpegDctFrame } from '../src/jpeg-dct-encode';
import { encodeJpegLosslessFrame } from '../src/jpeg-lossless-encode';

/** T.81 A.3.3: F(v,u) = 1/4 C(u) C(v) sum_y sum_x f(y,x) cos((2x+1)u pi/16) cos((2y+1)v pi/16). */
function directFdct(f: Float64Array): Float64Array {
  const c = (k: number): number => (k === 0 ? Math.SQRT1_2 : 1);
  const out = new Float64Array(64);
  for (let v = 0; v < 8; v++)
    for (let u = 0; u < 8; u++) {
      let s = 0;
      for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) s += f[8 * y + x]! * Math.cos(((2 * x + 1) * u * Math.PI) / 16) * Math.cos(((2 * y + 1) * v * Math.PI) / 16);
      out[8 * v + u] = 0.25 * c(u) * c(v) * s;
    }
  return out;
}

describe('8x8 DCT kernels', () => {
  const rng = createRng(81);
  const block = Float64Array.from({ length: 64 }, () => Math.round(rng.next() * 4095) - 2048);
  const out = new Float64Array(64);
  const back = new Float64Array(64);
  const tmp = new Float64Array(64);

  it('fdct8x8 equals the direct T.81 sum to 1e-9', () => {
    fdct8x8(block, out, tmp);
    const ref = directFdct(block);
    for (let i = 0; i < 64; i++) expect(Math.abs(out[i]! - ref[i]!)).toBeLessThan(1e-9);
  });

  it('a constant block of 1 has DC 8 and no AC; idct8x8 inverts fdct8x8 to 1e-9', () => {
    fdct8x8(new Float64Array(64).fill(1), out, tmp);
    expect(out[0]).toBeCloseTo(8, 12);
    for (let i = 1; i < 64; i++) expect(Math.abs(out[i]!)).toBeLessThan(1e-12);
    idct8x8(fdct8x8(block, out, tmp), back, tmp);
    for (let i = 0; i < 64; i++) expect(Math.abs(back[i]! - block[i]!)).toBeLessThan(1e-9);
  });

  it('refuses out === input', () => {
    expect(() => fdct8x8(block, block, tmp)).toThrow(/distinct/);
    expect(() => idct8x8(out, out, tmp)).toThrow(/distinct/);
  });
});

describe('codestreamGeometry and the 12-bit decoder', () => {
  const px = Uint16Array.from({ length: 24 * 40 }, (_, i) => (i * 97) % 4096);

  it('reads SOF1 (12-bit DCT) and SOF3 (lossless) frame headers', () => {
    expect(codestreamGeometry(encodeJpegDctFrame(px, 24, 40, 12))).toEqual({ rows: 24, columns: 40, precision: 12, components: 1, marker: 0xc1 });
    expect(codestreamGeometry(encodeJpegLosslessFrame(px, 24, 40, 16))).toEqual({ rows: 24, columns: 40, precision: 16, components: 1, marker: 0xc3 });
    expect(codestreamGeometry(new Uint8Array([1, 2, 3, 4]))).toBeNull();
  });

  it('refuses another process, several components, another size — before allocating', () => {
    const lossless = encodeJpegLosslessFrame(px, 24, 40, 12);
    expect(() => decodeJpegDctFrame(lossless, 24, 40)).toThrow('it is a lossless JPEG (SOF FFc3), not a sequential DCT one with Huffman coding (SOF0/SOF1)');
    const cs = encodeJpegDctFrame(px, 24, 40, 12);
    const sof = cs.findIndex((b, i) => b === 0xff && cs[i + 1] === 0xc1);
    const huge = cs.slice();
    huge.set([0xff, 0xff, 0xff, 0xff], sof + 5);
    expect(() => decodeJpegDctFrame(huge, 24, 40)).toThrow('it holds 65535x65535 pixels, the header declares 40x24 (Columns x Rows)');
    const three = cs.slice();
    three[sof + 9] = 3;
    expect(() => decodeJpegDctFrame(three, 24, 40)).toThrow('it holds 3 components, a grey-level frame has 1');
    expect(() => decodeJpegDctFrame(cs.subarray(0, cs.length - 200), 24, 40)).toThrow(/its entropy-coded data ends/);
  });
});

import { describe, expect, it } from 'vitest';
import { sleb, uleb } from './leb128';

describe('uleb', () => {
  it('encodes hand-computed values', () => {
    expect(uleb(0)).toEqual([0x00]);
    expect(uleb(127)).toEqual([0x7f]);
    expect(uleb(128)).toEqual([0x80, 0x01]);
    // 624485 = 0b100110_0001110_1100101 -> e5 8e 26 (the Wikipedia example)
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(uleb(65_536)).toEqual([0x80, 0x80, 0x04]);
    expect(uleb(0xffff_ffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x0f]);
  });

  it('refuses negative, fractional and too-large values, naming the value', () => {
    expect(() => uleb(-1)).toThrow(/received -1/);
    expect(() => uleb(1.5)).toThrow(RangeError);
    expect(() => uleb(2 ** 32)).toThrow(/\[0, 2\^32\)/);
  });
});

describe('sleb', () => {
  it('encodes hand-computed values', () => {
    expect(sleb(0)).toEqual([0x00]);
    expect(sleb(63)).toEqual([0x3f]);
    // 64 has bit 6 set: a second byte keeps it positive
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
    expect(sleb(-64)).toEqual([0x40]);
    expect(sleb(-65)).toEqual([0xbf, 0x7f]);
    // -123456 = ...1_1111000_0111011_1000000 -> c0 bb 78
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(-0x8000_0000)).toEqual([0x80, 0x80, 0x80, 0x80, 0x78]);
    expect(sleb(0x7fff_ffff)).toEqual([0xff, 0xff, 0xff, 0xff, 0x07]);
  });

  it('refuses values outside i32', () => {
    expect(() => sleb(2 ** 31)).toThrow(/received 2147483648/);
    expect(() => sleb(-(2 ** 31) - 1)).toThrow(RangeError);
  });
});

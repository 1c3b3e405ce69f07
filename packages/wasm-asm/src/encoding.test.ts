import { describe, expect, it } from 'vitest';
import { name, section, vec } from './encoding';
import { i8x16Shuffle, simd, v128ConstF64, v128Load } from './simd';
import { i32Const, localGet } from './opcodes';

describe('framing', () => {
  it('section: id, body length, body', () => {
    expect(section(3, [1, 0])).toEqual([3, 2, 1, 0]);
    expect(section(10, new Array<number>(200).fill(0)).slice(0, 3)).toEqual([10, 0xc8, 0x01]);
  });

  it('vec: count, then the items', () => {
    expect(vec([])).toEqual([0]);
    expect(vec([[0x7f], [0x7c, 0x7b]])).toEqual([2, 0x7f, 0x7c, 0x7b]);
  });

  it('name: UTF-8 length and bytes', () => {
    expect(name('bp4')).toEqual([3, 0x62, 0x70, 0x34]);
    expect(name('µ')).toEqual([2, 0xc2, 0xb5]);
  });
});

describe('instructions', () => {
  it('core immediates are LEB128', () => {
    expect(localGet(200)).toEqual([0x20, 0xc8, 0x01]);
    expect(i32Const(65_536)).toEqual([0x41, 0x80, 0x80, 0x04]);
    expect(i32Const(-1)).toEqual([0x41, 0x7f]);
  });

  it('SIMD: prefix 0xfd, the opcode as LEB128, immediates', () => {
    expect(simd(0xf0)).toEqual([0xfd, 0xf0, 0x01]);
    expect(v128Load(16)).toEqual([0xfd, 0x00, 4, 16]);
    expect(v128ConstF64(1, -1)).toEqual([0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0, 0, 0, 0, 0, 0, 0xf0, 0xbf]);
  });

  it('i8x16Shuffle takes 16 lanes in [0, 31]', () => {
    expect(i8x16Shuffle([...Array(16).keys()])).toEqual([0xfd, 0x0d, ...Array(16).keys()]);
    expect(() => i8x16Shuffle([0, 1])).toThrow(/16 lane indices/);
    expect(() => i8x16Shuffle(Array<number>(16).fill(32))).toThrow(RangeError);
  });
});

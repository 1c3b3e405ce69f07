import { describe, expect, it } from 'vitest';
import { instantiate, wasmApi } from './instantiate';
import { moduleBytes, pagesFor } from './module';
import { END, F64, I32, I32_ADD, V128, i32Const, i32Load, localGet } from './opcodes';
import { F64X2_ADD, v128Load, v128Store } from './simd';
import type { FunctionSpec } from './types';

const add: FunctionSpec = { exportName: 'add', name: 'addI32', params: [I32, I32], results: [I32], locals: [], code: [...localGet(0), ...localGet(1), ...I32_ADD, ...END] };
/** f64x2Add(a, b, out): out[0..2) = a[0..2) + b[0..2) (byte offsets, float64 pairs). */
const f64x2Add: FunctionSpec = {
  exportName: 'f64x2Add',
  name: 'addF64x2',
  params: [I32, I32, I32],
  locals: [[1, V128]],
  code: [...localGet(2), ...localGet(0), ...v128Load(0), ...localGet(1), ...v128Load(0), ...F64X2_ADD, ...v128Store(0), ...END],
};
/** Reads 4 bytes at a byte offset: out of bounds, a trap. */
const peek: FunctionSpec = { exportName: 'peek', name: 'peekOutOfBounds', params: [I32], results: [I32], locals: [], code: [...localGet(0), ...i32Load(0), ...END] };

const wasm = wasmApi()!;

describe('moduleBytes', () => {
  it('a tiny module validates and adds two i32 (wrapping)', () => {
    const bytes = moduleBytes({ memoryPages: 1, functions: [add] });
    expect(wasm.validate(bytes)).toBe(true);
    const ex = instantiate(bytes)! as { add: (a: number, b: number) => number; memory: { buffer: ArrayBuffer } };
    expect(ex.add(2, 3)).toBe(5);
    expect(ex.add(0x7fff_ffff, 1)).toBe(-0x8000_0000);
    expect(ex.memory.buffer.byteLength).toBe(65_536);
  });

  it('writes the header and sections in order, one type per distinct signature', () => {
    const bytes = moduleBytes({ memoryPages: 2, functions: [add, add, f64x2Add] });
    expect([...bytes.subarray(0, 8)]).toEqual([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    // type section: 2 types, (i32 i32) -> (i32), (i32 i32 i32) -> ()
    expect([...bytes.subarray(8, 8 + 2 + 13)]).toEqual([1, 13, 2, 0x60, 2, I32, I32, 1, I32, 0x60, 3, I32, I32, I32, 0]);
    // function section: types 0, 0, 1
    expect([...bytes.subarray(23, 28)]).toEqual([3, 4, 3, 0, 0]);
  });

  it('an f64x2 add runs in SIMD on the module memory', () => {
    const ex = instantiate(moduleBytes({ memoryPages: 1, functions: [f64x2Add] }))! as { f64x2Add: (a: number, b: number, out: number) => void; memory: { buffer: ArrayBuffer } };
    const f = new Float64Array(ex.memory.buffer, 0, 6);
    f.set([1.5, -2.25, 0.125, 4, 0, 0]);
    ex.f64x2Add(0, 16, 32);
    expect([...f.subarray(4)]).toEqual([1.625, 1.75]);
  });

  it('the name section names the functions: customSections and a trap stack show them', () => {
    const bytes = moduleBytes({ memoryPages: 1, functions: [add, peek] });
    const sections = wasm.Module.customSections(new wasm.Module(bytes), 'name');
    expect(sections).toHaveLength(1);
    expect(sections[0]!.byteLength).toBeGreaterThan(0);
    // subsection 1 (function names), 1 + 8 + 17 = 26 bytes: 2 entries, index 0 "addI32", index 1 "peekOutOfBounds"
    const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
    expect([...new Uint8Array(sections[0]!)]).toEqual([1, 26, 2, 0, 6, ...ascii('addI32'), 1, 15, ...ascii('peekOutOfBounds')]);
    const ex = instantiate(bytes)! as { peek: (at: number) => number };
    let stack = '';
    try {
      ex.peek(65_536);
    } catch (e) {
      stack = String((e as Error).stack);
    }
    expect(stack).toMatch(/out of bounds/);
    // V8 names the frame by the name section, then the position (`wasm-function[1]:0x48`)
    expect(stack).toMatch(/\n\s+at peekOutOfBounds \(wasm:\/\//);
  });

  it('params and locals of several types: f64 locals after i32 params', () => {
    const pick: FunctionSpec = { exportName: 'pick', name: 'pick', params: [I32, F64], results: [I32], locals: [[2, F64], [1, I32]], code: [...i32Const(-7), ...END] };
    const ex = instantiate(moduleBytes({ memoryPages: 0, functions: [pick] }))! as { pick: (a: number, b: number) => number };
    expect(ex.pick(1, 2)).toBe(-7);
  });
});

describe('instantiate', () => {
  it('is null for bytes the runtime does not validate', () => {
    expect(instantiate(Uint8Array.from([0x00, 0x61, 0x73, 0x6d, 0x02, 0, 0, 0]))).toBeNull();
  });

  it('is null when the memory cannot be had (more than 65536 pages)', () => {
    expect(instantiate(moduleBytes({ memoryPages: 65_537, functions: [add] }))).toBeNull();
  });
});

describe('pagesFor', () => {
  it('rounds bytes up to 64 KiB pages', () => {
    expect([pagesFor(0), pagesFor(1), pagesFor(65_536), pagesFor(65_537)]).toEqual([0, 1, 1, 2]);
  });
});

/** Whole modules: one memory, exported functions, and their names for profiles. */
import { name, section, vec } from './encoding';
import { uleb } from './leb128';
import type { FunctionSpec, ModuleSpec } from './types';

/** `\0asm`, version 1. */
const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
/** Bytes per memory page. */
export const WASM_PAGE_BYTES = 65_536;

const funcType = (f: FunctionSpec): number[] => [0x60, ...vec(f.params.map((t) => [t])), ...vec((f.results ?? []).map((t) => [t]))];

/**
 * The binary module of `spec`: sections type (one per distinct signature, in order of first
 * use), function, memory, export (`memory`, then each function under its `exportName`), code,
 * and the custom "name" section (subsection 1, function names), so CPU profiles and stack
 * traces show each function's `name`.
 * @example moduleBytes({ memoryPages: 1, functions: [{ exportName: 'add', name: 'addI32', params: [I32, I32], results: [I32], locals: [], code: [...localGet(0), ...localGet(1), ...I32_ADD, ...END] }] })
 */
export function moduleBytes(spec: ModuleSpec): Uint8Array {
  const { functions, memoryPages } = spec;
  const types: string[] = [];
  const typeIndex = functions.map((f) => {
    const key = funcType(f).join(',');
    if (!types.includes(key)) types.push(key);
    return types.indexOf(key);
  });
  const typeBytes = types.map((key) => key.split(',').map(Number));
  const bodies = functions.map((f) => [...vec(f.locals.map(([count, type]) => [...uleb(count), type])), ...f.code]);
  return Uint8Array.from([
    ...HEADER,
    ...section(1, vec(typeBytes)),
    ...section(3, vec(typeIndex.map((i) => uleb(i)))),
    ...section(5, vec([[0x00, ...uleb(memoryPages)]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], ...functions.map((f, i) => [...name(f.exportName), 0x00, ...uleb(i)])])),
    ...section(10, vec(bodies.map((b) => [...uleb(b.length), ...b]))),
    ...section(0, [...name('name'), ...section(1, vec(functions.map((f, i) => [...uleb(i), ...name(f.name)])))]),
  ]);
}

/** Memory pages holding at least `bytes` bytes. */
export function pagesFor(bytes: number): number {
  return Math.ceil(bytes / WASM_PAGE_BYTES);
}

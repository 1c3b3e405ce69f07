/** Compiling and instantiating a module, or null where the runtime cannot. */
import type { WasmApi } from './types';

/** The runtime's WebAssembly API, or undefined where there is none. */
export function wasmApi(): WasmApi | undefined {
  return (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
}

/**
 * The exports of a new instance of `bytes` (a module without imports), or null where
 * WebAssembly is unavailable or the runtime does not validate the module (no SIMD support,
 * for a module using SIMD): callers then take their scalar path.
 * @example (instantiate(bytes)?.add as (a: number, b: number) => number)(2, 3) // 5
 */
export function instantiate(bytes: Uint8Array): Record<string, unknown> | null {
  const wasm = wasmApi();
  if (wasm === undefined || !wasm.validate(bytes)) return null;
  try {
    return new wasm.Instance(new wasm.Module(bytes)).exports;
  } catch {
    // NOTE: a memory larger than the runtime grants throws here (RangeError); same fallback.
    return null;
  }
}

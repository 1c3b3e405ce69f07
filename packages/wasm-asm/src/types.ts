import type { ValType } from './opcodes';

/** `count` locals of one type, declared after the parameters (indices continue from them). */
export type LocalGroup = readonly [count: number, type: ValType];

/** One function of a module: exported under `exportName`, named `name` in profiles. */
export interface FunctionSpec {
  /** The export's name, what JavaScript calls (`instance.exports[exportName]`). */
  readonly exportName: string;
  /**
   * The name in the "name" section: what CPU profiles and stack traces show instead of
   * `wasm-function[index]`.
   */
  readonly name: string;
  readonly params: readonly ValType[];
  /** Defaults to none. */
  readonly results?: readonly ValType[];
  readonly locals: readonly LocalGroup[];
  /** The body's instructions, ending with its own `END`. */
  readonly code: readonly number[];
}

/** A module of one memory (exported as `memory`) and exported functions. */
export interface ModuleSpec {
  /** Initial size of the memory in 64 KiB pages (no maximum). */
  readonly memoryPages: number;
  readonly functions: readonly FunctionSpec[];
}

/** The part of the WebAssembly JS API used here (the repository compiles without the DOM lib). */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: (new (bytes: Uint8Array) => object) & { customSections(module: object, sectionName: string): ArrayBuffer[] };
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

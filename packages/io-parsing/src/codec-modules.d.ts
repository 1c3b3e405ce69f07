// The Node builds of the cornerstone codecs (emscripten, CommonJS: module.exports is the
// module factory) have no type declarations; codecs.ts types what it uses.
declare module '@cornerstonejs/codec-charls/wasmjs' {
  const factory: unknown;
  export default factory;
}
declare module '@cornerstonejs/codec-openjpeg/wasmjs' {
  const factory: unknown;
  export default factory;
}
declare module '@cornerstonejs/codec-libjpeg-turbo-8bit/wasmjs' {
  const factory: unknown;
  export default factory;
}
declare module '@cornerstonejs/codec-openjph/wasmjs' {
  const factory: unknown;
  export default factory;
}
// jpeg-lossless-decoder-js 2.1.2 names release/lossless.d.ts in "types" but does not ship it.
declare module 'jpeg-lossless-decoder-js' {
  export class Decoder {
    decode(buffer?: ArrayBuffer, offset?: number, length?: number, numBytes?: number): Uint8Array | Uint16Array;
    xDim: number;
    yDim: number;
    xLoc: number;
    yLoc: number;
    numComp: number;
    precision: number;
  }
}

/**
 * Sanity figures for generated images: PSNR, and the 2x2 mean that brings an x2
 * super-resolved image back to the input's grid (its consistency check).
 *
 * NOTE: the zoo's generators have seeded random weights, not trained ones. These figures
 * show the pipeline runs end to end on real-looking data; they say nothing about the quality
 * a trained generator would reach, and no case gates on them.
 */

/**
 * Mean of each s x s block of each slice: [nz, s*ny, s*nx] -> [nz, ny, nx] into `out`.
 * @example downsampleMean(new Float32Array([1, 2, 3, 4]), [1, 2, 2], 2, new Float64Array(1)) // [2.5]
 */
export function downsampleMean<T extends Float32Array | Float64Array>(data: ArrayLike<number>, shape: readonly [number, number, number], scale: number, out: T): T {
  const [nz, NY, NX] = shape;
  if (NY % scale !== 0 || NX % scale !== 0) throw new RangeError(`downsampleMean: [${shape}] is not a multiple of ${scale} in plane`);
  const ny = NY / scale;
  const nx = NX / scale;
  if (out.length !== nz * ny * nx) throw new RangeError(`downsampleMean: out holds ${out.length} values, needs ${nz * ny * nx}`);
  if ((out as unknown) === data) throw new RangeError('downsampleMean: out must not be the input');
  const w = 1 / (scale * scale);
  for (let z = 0; z < nz; z++)
    for (let y = 0; y < ny; y++)
      for (let x = 0; x < nx; x++) {
        let acc = 0;
        for (let dy = 0; dy < scale; dy++) {
          const row = (z * NY + y * scale + dy) * NX + x * scale;
          for (let dx = 0; dx < scale; dx++) acc += data[row + dx]!;
        }
        out[(z * ny + y) * nx + x] = acc * w;
      }
  return out;
}

/**
 * Peak signal-to-noise ratio in dB: 10 log10(range^2 / MSE); Infinity for identical inputs.
 * @example psnr([0, 1], [0, 0.9], 1) // 10 * log10(1 / 0.005) ≈ 23.01
 */
export function psnr(reference: ArrayLike<number>, test: ArrayLike<number>, dataRange: number): number {
  if (reference.length !== test.length || reference.length === 0) {
    throw new RangeError(`psnr: lengths ${reference.length} and ${test.length} must be equal and non-zero`);
  }
  if (!(dataRange > 0)) throw new RangeError(`psnr: dataRange must be > 0, received ${dataRange}`);
  let se = 0;
  for (let i = 0; i < reference.length; i++) {
    const d = reference[i]! - test[i]!;
    se += d * d;
  }
  const mse = se / reference.length;
  return mse === 0 ? Infinity : 10 * Math.log10((dataRange * dataRange) / mse);
}

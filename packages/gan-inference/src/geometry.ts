/**
 * Geometry of an in-plane upsampled volume. Super-resolution by s along x and y splits each
 * voxel into s x s voxels covering the same extent, so the new voxel i' sits at the old
 * continuous index
 *
 *   i = (i' + 1/2) / s - 1/2 = i' / s + (1/s - 1) / 2      (s = 2: i = i'/2 - 1/4)
 *
 * and likewise j. The new affine is A · M with M = [[1/s, 0, 0, t], [0, 1/s, 0, t],
 * [0, 0, 1, 0], [0, 0, 0, 1]], t = (1/s - 1) / 2: the first two columns divided by s and the
 * origin moved by t times their sum. Slices (k) are untouched.
 */

/**
 * Spacing and affine after upsampling x and y by `scale`.
 * @example upsampledGeometry([2, 1, 1], [1,0,0,0, 0,1,0,0, 0,0,2,0, 0,0,0,1], 2)
 * // { spacingMm: [2, 0.5, 0.5], affine: [0.5,0,0,-0.25, 0,0.5,0,-0.25, 0,0,2,0, 0,0,0,1] }
 */
export function upsampledGeometry(
  spacingMm: readonly [number, number, number],
  affine: readonly number[],
  scale: number,
): { spacingMm: [number, number, number]; affine: number[] } {
  if (affine.length !== 16) throw new RangeError(`upsampledGeometry: affine must have 16 numbers, received ${affine.length}`);
  const inv = 1 / scale;
  const t = (inv - 1) / 2;
  const out = [...affine];
  for (let r = 0; r < 3; r++) {
    const a0 = affine[r * 4]!;
    const a1 = affine[r * 4 + 1]!;
    out[r * 4] = a0 * inv;
    out[r * 4 + 1] = a1 * inv;
    out[r * 4 + 3] = affine[r * 4 + 3]! + t * (a0 + a1);
  }
  return { spacingMm: [spacingMm[0], spacingMm[1] * inv, spacingMm[2] * inv], affine: out };
}

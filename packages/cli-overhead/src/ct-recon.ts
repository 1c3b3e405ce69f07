/**
 * CT reconstruction of parallel-beam sinograms read from a NIfTI file, slice by slice, with
 * @rhenium-perf/reconstruction-ct.
 *
 * File layout (NIfTI x fastest): x = detector bins, y = angles, z = slices, which is the
 * package's sinogram layout (angles x detectors, one projection per row) slice after slice,
 * so a slice's sinogram is one contiguous run of the file's voxels.
 */
import { axisAlignedAffine, type Volume } from '@rhenium-perf/fixtures';
import { DEFAULT_MAX_NIFTI_VOXELS, type NiftiImage } from '@rhenium-perf/io-parsing';
import { FBP_FILTER_NAMES, fbpStack, planFbp, planSart, sart, type FbpFilterName } from '@rhenium-perf/reconstruction-ct';
import { CliError } from './errors';
import { RAISE_VOXELS_HINT } from './limits';

/** Methods of `rhenium recon-ct`. */
export const CT_METHODS = Object.freeze(['fbp', 'sart'] as const);
/** One of {@link CT_METHODS}. */
export type CtMethod = (typeof CT_METHODS)[number];
export { FBP_FILTER_NAMES };

/** Options of {@link reconstructCtImage}. */
export interface CtReconOptions {
  method: CtMethod;
  /** Projection angles in degrees; their count must equal the sinogram's y dimension. */
  anglesDeg: Float64Array;
  /** FBP filter (default ramp). */
  filter?: FbpFilterName;
  /** SART sweeps (default 1). */
  iterations?: number;
  /** Image side (default: the detector count). */
  size?: number;
  /** Largest image (slices x size x size) allocated (default: io-parsing's DEFAULT_MAX_NIFTI_VOXELS). */
  maxVoxels?: number;
  file?: string;
}

/**
 * Reconstruct every slice of a sinogram image into a float32 volume `[slices, size, size]`.
 * In plane the pixel spacing is the detector spacing (the file's x spacing); the rotation
 * centre (pixel floor(size/2)) sits at x = y = 0 and slices keep the file's z geometry.
 * @example reconstructCtImage(readNiftiSync('sino.nii'), { method: 'fbp', anglesDeg: parseAngles('0:180:180') })
 */
export function reconstructCtImage(img: NiftiImage, options: CtReconOptions): Volume<Float32Array> {
  const file = options.file ?? '<sinogram>';
  if (img.components !== 1 || img.frames !== 1) {
    throw new CliError(
      'RPERF_CLI_BAD_INPUT',
      `sinogram '${file}' is ${img.components === 2 ? 'complex' : 'real'} with ${img.frames} frames`,
      'store a real 3D image: x detector bins, y angles, z slices',
    );
  }
  const [slices, nAngles, nDet] = img.shape;
  if (options.anglesDeg.length !== nAngles) {
    throw new CliError(
      'RPERF_CLI_BAD_VALUE',
      `--angles gives ${options.anglesDeg.length} angles, the sinogram '${file}' has ${nAngles} (its y dimension)`,
      `write e.g. '--angles 0:180:${nAngles}'`,
    );
  }
  const size = options.size ?? nDet;
  if (options.method === 'sart' && size !== nDet) {
    throw new CliError('RPERF_CLI_BAD_VALUE', `--size ${size} differs from the ${nDet} detector bins`, 'SART needs as many detector bins as the image size: drop --size');
  }
  const perImage = size * size;
  const maxVoxels = options.maxVoxels ?? DEFAULT_MAX_NIFTI_VOXELS;
  if (slices * perImage > maxVoxels) {
    // NOTE: checked before the image is allocated (slices x size^2 float64).
    throw new CliError(
      'RPERF_CLI_BAD_VALUE',
      `the image would be ${slices} slices of ${size} x ${size} = ${slices * perImage} voxels, more than the budget of ${maxVoxels}`,
      `choose a smaller --size, or ${RAISE_VOXELS_HINT}`,
    );
  }
  const sino = img.data instanceof Float64Array ? img.data : Float64Array.from(img.data);
  const image = new Float64Array(slices * perImage);
  if (options.method === 'fbp') {
    const plan = planFbp({ imageSize: size, angles: options.anglesDeg, detectors: nDet, filter: options.filter ?? 'ramp' });
    fbpStack(plan, sino, slices, image);
  } else {
    const plan = planSart({ imageSize: size, angles: options.anglesDeg });
    const perSino = nAngles * nDet;
    for (let z = 0; z < slices; z++) {
      sart(plan, sino.subarray(z * perSino, (z + 1) * perSino), image.subarray(z * perImage, (z + 1) * perImage), { iterations: options.iterations ?? 1 });
    }
  }
  const s = img.spacingMm[2];
  const c = Math.floor(size / 2);
  const a = img.affine;
  const spacingMm: [number, number, number] = [img.spacingMm[0], s, s];
  return { data: Float32Array.from(image), shape: [slices, size, size], spacingMm, affine: axisAlignedAffine(spacingMm, [-c * s, -c * s, a[11]!]), modality: 'CT' };
}

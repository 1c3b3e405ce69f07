/**
 * The input semantics every entry point that processes an image shares (the `rhenium` CLI,
 * the HTTP API, the pipeline): an image with no finite voxel, or a voxel spacing that is not
 * finite and positive, is refused with RPERF_IO_UNUSABLE_VOLUME and one message, instead of
 * being "segmented" or silently given 1 mm voxels.
 *
 * NOTE: the decoder itself stays permissive (`rhenium info` must show such a file); these
 * checks are what "usable for processing" means.
 */
import type { Volume, VolumeArray } from '@rhenium-perf/fixtures';
import { IoError } from './errors';
import type { NiftiImage } from './types';

/** The fix printed after every spacing refusal. */
const SPACING_FIX = 'write a finite, positive voxel size in the header (pixdim[1..3], or the sform/qform; nibabel: img.header.set_zooms) and export the file again';
/** The fix printed after every refusal for an image without a finite voxel. */
const FINITE_FIX = 'export the image again: processing needs at least one finite intensity';

const fmt = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : String(v));
const good = (v: number): boolean => Number.isFinite(v) && v > 0;

/** The one message of an unusable image: what was received, then the fix. */
function unusable(file: string, problem: string, fix: string): IoError {
  return new IoError('RPERF_IO_UNUSABLE_VOLUME', file, `the image cannot be processed: ${problem}; ${fix}`);
}

/** True when one value is finite; stops at the first (an all-NaN image is scanned once). */
function hasFiniteValue(data: VolumeArray): boolean {
  if (!(data instanceof Float32Array || data instanceof Float64Array)) return data.length > 0;
  for (let i = 0; i < data.length; i++) if (Number.isFinite(data[i]!)) return true;
  return false;
}

function checkSpacing(spacingMm: readonly number[], file: string, source: string): void {
  const [sz, sy, sx] = spacingMm as [number, number, number];
  if (![sx, sy, sz].every(good)) {
    throw unusable(file, `its voxel spacing (x y z) is ${fmt(sx)} x ${fmt(sy)} x ${fmt(sz)} mm (${source}), which is not finite and positive`, SPACING_FIX);
  }
}

function checkFinite(data: VolumeArray, file: string): void {
  if (!hasFiniteValue(data)) throw unusable(file, `none of its ${data.length} values is finite (all are NaN or infinite)`, FINITE_FIX);
}

/**
 * Refuse a decoded NIfTI image that cannot be processed: a spacing that is not finite and
 * positive (the affine's column norms; and pixdim[1..3] when the affine comes from the qform
 * or pixdim, where a bad value would otherwise become 1 mm), or no finite voxel.
 * @example assertUsableImage(decodeNifti(bytes, 'ct.nii'), 'ct.nii') // throws RPERF_IO_UNUSABLE_VOLUME for pixdim [1, -1, 1]
 */
export function assertUsableImage(img: NiftiImage, file = '<buffer>'): void {
  if (img.affineSource !== 'sform') {
    const nd = Math.min(3, img.header.dim[0]!);
    const pix = img.header.pixdim;
    for (let i = 1; i <= nd; i++) {
      if (!good(pix[i]!)) {
        const [sx, sy, sz] = [1, 2, 3].map((k) => (k <= nd ? pix[k]! : 1)) as [number, number, number];
        throw unusable(file, `its voxel spacing (x y z) is ${fmt(sx)} x ${fmt(sy)} x ${fmt(sz)} mm (pixdim[1..3], ${img.affineSource}), which is not finite and positive`, SPACING_FIX);
      }
    }
  }
  checkSpacing(img.spacingMm, file, `from the ${img.affineSource}`);
  checkFinite(img.data, file);
}

/**
 * Refuse a volume that cannot be processed: `spacingMm` or the affine's column norms not
 * finite and positive, or no finite voxel. Same message as {@link assertUsableImage}.
 * @example assertUsableVolume({ ...volume, data: new Float32Array(n).fill(NaN) }, 'request body') // throws
 */
export function assertUsableVolume(volume: Volume, file = '<volume>'): void {
  checkSpacing(volume.spacingMm, file, 'spacingMm');
  const a = volume.affine;
  const norms = [2, 1, 0].map((j) => Math.hypot(a[j]!, a[4 + j]!, a[8 + j]!));
  checkSpacing(norms, file, 'the affine');
  checkFinite(volume.data, file);
}

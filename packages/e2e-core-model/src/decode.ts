/**
 * The decode stage: a NIfTI file, a DICOM folder or a single DICOM file into a Volume, with
 * io-parsing's errors turned into pipeline errors that name the stage and the file.
 */
import type { Volume } from '@rhenium-perf/fixtures';
import { assertUsableImage, assertUsableVolume, isIoError, niftiToVolume, readDicomSeries, readNifti } from '@rhenium-perf/io-parsing';
import { DEFAULT_MAX_VOXELS } from './defaults';
import { PipelineError } from './errors';
import type { PipelineInput } from './types';

function fromIoError(e: unknown, kind: 'nifti' | 'dicom', where: string): PipelineError {
  if (!isIoError(e)) return new PipelineError('RPERF_E2E_INPUT_INVALID', 'decode', where, (e as Error).message, { cause: e });
  const file = e.file || where;
  if (e.code === 'RPERF_IO_NOT_FOUND') return new PipelineError('RPERF_E2E_INPUT_NOT_FOUND', 'decode', file, `${e.message}; check the path`, { cause: e });
  if (e.code === 'RPERF_IO_TOO_LARGE') return new PipelineError('RPERF_E2E_INPUT_DIMENSIONS', 'decode', file, e.message, { cause: e });
  if (kind === 'dicom' && (e.code === 'RPERF_IO_EMPTY_SERIES' || e.code === 'RPERF_IO_BAD_MAGIC')) {
    return new PipelineError('RPERF_E2E_NO_DICOM', 'decode', where, `no DICOM here (${e.message}); point at a DICOM file or a folder of DICOM files`, { cause: e });
  }
  return new PipelineError('RPERF_E2E_INPUT_INVALID', 'decode', file, e.message, { cause: e });
}

/** Options of {@link decodeInput}. */
export interface DecodeOptions {
  /**
   * Largest voxel count read (default DEFAULT_MAX_VOXELS): a NIfTI header declaring more is
   * refused before its voxels are inflated or allocated.
   */
  readonly maxVoxels?: number;
}

/**
 * Read the input as a Volume (a `volume` input is returned as it is), and refuse what cannot
 * be processed with io-parsing's shared message (RPERF_IO_UNUSABLE_VOLUME): no finite voxel,
 * or a spacing (pixdim, sform) that is not finite and positive.
 */
export async function decodeInput(input: PipelineInput, options: DecodeOptions = {}): Promise<Volume> {
  const volume = await readInput(input, options.maxVoxels ?? DEFAULT_MAX_VOXELS);
  const where = input.kind === 'nifti' ? input.path : input.kind === 'dicom' ? input.dir : (input.name ?? '<volume>');
  try {
    assertUsableVolume(volume, where);
  } catch (e) {
    throw fromIoError(e, input.kind === 'dicom' ? 'dicom' : 'nifti', where);
  }
  return volume;
}

async function readInput(input: PipelineInput, maxVoxels: number): Promise<Volume> {
  if (input.kind === 'volume') return input.volume;
  if (input.kind === 'nifti') {
    let img;
    try {
      img = await readNifti(input.path, { maxVoxels });
      assertUsableImage(img, input.path);
    } catch (e) {
      throw fromIoError(e, 'nifti', input.path);
    }
    if (img.frames !== 1 || img.components !== 1) {
      throw new PipelineError(
        'RPERF_E2E_INPUT_DIMENSIONS',
        'decode',
        input.path,
        `the image has dim [${img.header.dim.slice(1, 1 + img.header.dim[0]!).join(', ')}]: ${img.frames} frame(s) of ${img.components === 2 ? 'complex' : 'real'} voxels; the model segments one real 3D volume — extract a single frame first`,
      );
    }
    return niftiToVolume(img, input.path, null);
  }
  if (input.kind === 'dicom') {
    // A folder (grouped by SeriesInstanceUID, `series` choosing one) or a single DICOM file.
    try {
      return (await readDicomSeries(input.dir, { series: input.series ?? null })).volume;
    } catch (e) {
      throw fromIoError(e, 'dicom', input.dir);
    }
  }
  throw new PipelineError('RPERF_E2E_INVALID_OPTIONS', 'options', null, `input.kind must be 'nifti', 'dicom' or 'volume', received ${JSON.stringify((input as { kind?: unknown }).kind)}`);
}

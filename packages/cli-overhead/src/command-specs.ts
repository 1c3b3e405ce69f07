/**
 * The commands of `rhenium`, their arguments and options, as data. This module is loaded at
 * start-up (help, parsing), so it imports only constants: each command's code is loaded on demand.
 */
import { MAX_CT_ANGLES, MAX_CT_IMAGE_SIZE, MAX_ITERATIONS } from './defaults';
import type { CommandSpec } from './types';

const HELP = { name: 'help', short: 'h', description: 'Show this help' } as const;
const SERIES = { name: 'series', value: 'UID', description: 'The SeriesInstanceUID to read when a DICOM folder holds several series' } as const;

/** Every command, by name. */
export const COMMAND_SPECS: Readonly<Record<string, CommandSpec>> = Object.freeze({
  info: {
    name: 'info',
    summary: 'Show dimensions, datatype, spacing, affine, modality and value range of an image',
    positionals: ['<file|dicom-folder>'],
    options: [{ name: 'json', description: 'Print one JSON object instead of text' }, SERIES, HELP],
    notes: [
      'Reads NIfTI-1/2 (.nii, .nii.gz, either byte order, complex too), a DICOM file (single- or',
      'multi-frame: 128-byte preamble + DICM) or a folder of DICOM files. A folder holding several',
      'series is listed (UID, modality, slices, size, description); --series UID describes one.',
    ].join('\n'),
  },
  segment: {
    name: 'segment',
    summary: 'Segment a volume with the core pipeline and write the label map',
    positionals: ['<input>'],
    options: [
      { name: 'output', short: 'o', value: 'FILE', description: 'Label map to write (.nii or .nii.gz; required)' },
      { name: 'dossier', value: 'FILE', description: 'Also write the evidence dossier as JSON' },
      { name: 'modality', value: 'NAME', description: 'MRI, CT, US or XR, for inputs that do not say (NIfTI; default MRI). DICOM: its own' },
      SERIES,
      { name: 'timeout', value: 'SECONDS', description: 'PACS time-out of a dicomweb:// input (default 30, or RHENIUM_PACS_TIMEOUT_S)' },
      HELP,
    ],
    notes: [
      'The input is a NIfTI file, a DICOM file (single- or multi-frame), a folder of DICOM files',
      "(several series: choose one with --series UID; 'rhenium info <folder>' lists them), or a series",
      'on a PACS: dicomweb://host:port/<root>/studies/<uid>/series/<uid> (fetched by WADO-RS; the',
      'stage times follow on a second line). The label map has the input geometry.',
    ].join('\n'),
  },
  'recon-mri': {
    name: 'recon-mri',
    summary: 'Reconstruct an MR image from k-space stored as complex NIfTI',
    positionals: ['<kspace.nii[.gz]>'],
    options: [
      { name: 'output', short: 'o', value: 'FILE', description: 'Image to write (.nii or .nii.gz, float32; required)' },
      { name: 'method', value: 'NAME', description: 'zf (zero-filled, default), cgsense or fista' },
      { name: 'iterations', value: 'N', description: `Iterations of cgsense (default 10) or fista (default 30), at most ${MAX_ITERATIONS}` },
      { name: 'maps', value: 'FILE', description: 'Coil sensitivity maps, complex NIfTI x y 1 coils (cgsense/fista with several coils)' },
      { name: 'lambda', value: 'X', description: 'Wavelet l1 weight of fista (default 0.003)' },
      HELP,
    ],
    notes: [
      'k-space layout: complex64 or complex128 NIfTI, dims x (readout) y (phase encode) z (slices) and',
      'the coils on the 4th dim; centred (DC at index floor(n/2)), orthonormal FFT convention.',
      'zf: inverse FFT per coil, root-sum-of-squares over coils. cgsense / fista: SENSE with the maps',
      '(normalised so sum |S|^2 = 1); a single coil needs no maps. Acquired lines are the rows',
      'holding a non-zero sample. The image keeps the k-space file\'s affine.',
    ].join('\n'),
  },
  'recon-ct': {
    name: 'recon-ct',
    summary: 'Reconstruct a CT image from a parallel-beam sinogram stored as NIfTI',
    positionals: ['<sinogram.nii[.gz]>'],
    options: [
      { name: 'output', short: 'o', value: 'FILE', description: 'Image to write (.nii or .nii.gz, float32; required)' },
      { name: 'angles', value: 'START:STOP:COUNT', description: `Projection angles in degrees, STOP excluded (required), e.g. 0:180:180; COUNT at most ${MAX_CT_ANGLES}` },
      { name: 'method', value: 'NAME', description: 'fbp (default) or sart' },
      { name: 'filter', value: 'NAME', description: 'FBP filter: ramp (default), shepp-logan, cosine, hamming, hann' },
      { name: 'iterations', value: 'N', description: `SART sweeps over all angles (default 1), at most ${MAX_ITERATIONS}` },
      { name: 'size', value: 'N', description: `Image side in pixels, 2..${MAX_CT_IMAGE_SIZE} (default: the detector count)` },
      HELP,
    ],
    notes: [
      'Sinogram layout: real NIfTI, dims x (detector bins, spacing 1 pixel) y (angles) z (slices).',
      'Angle k is START + k (STOP - START) / COUNT; COUNT must equal the y dimension.',
      'The image (size x size per slice, row 0 at the top) has the detector spacing in plane.',
    ].join('\n'),
  },
});

/** Command names in help order. */
export const COMMAND_NAMES = Object.freeze(Object.keys(COMMAND_SPECS));

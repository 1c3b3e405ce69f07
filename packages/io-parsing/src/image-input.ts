/**
 * What an input path is — a DICOM folder, a single DICOM file, or (anything else) a NIfTI
 * file — decided in one place for every reader of user inputs (`rhenium info`, `rhenium
 * segment`, the pipeline). A file is DICOM when it has the Part 10 signature: a 128-byte
 * preamble followed by "DICM" (PS3.10 7.1); otherwise it goes to the NIfTI reader, which
 * names what is wrong with it.
 */
import { open, stat } from 'node:fs/promises';
import { IoError } from './errors';

/** The kind of an input path. */
export type ImageInputKind = 'dicom-folder' | 'dicom-file' | 'nifti';

/** Bytes a DICOM Part 10 file starts with before its data: the preamble and "DICM". */
export const DICOM_PREAMBLE_BYTES = 132;

/**
 * True when `bytes` start like a DICOM Part 10 file: 128 bytes of preamble, then "DICM".
 * @example isDicomPart10(readFileSync('slice.dcm')) // true
 */
export function isDicomPart10(bytes: Uint8Array): boolean {
  return bytes.length >= DICOM_PREAMBLE_BYTES && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/**
 * The kind of an input: a folder is a DICOM folder; a file is DICOM when it has the
 * preamble and "DICM" (only its first 132 bytes are read), else NIfTI.
 * @example await detectImageInput('ct.dcm') // 'dicom-file'
 */
export async function detectImageInput(path: string): Promise<ImageInputKind> {
  let folder: boolean;
  try {
    folder = (await stat(path)).isDirectory();
  } catch (e) {
    throw new IoError('RPERF_IO_NOT_FOUND', path, `cannot read it: ${(e as Error).message}`);
  }
  if (folder) return 'dicom-folder';
  let fh;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    throw new IoError('RPERF_IO_NOT_FOUND', path, `cannot read the file: ${(e as Error).message}`);
  }
  try {
    const head = new Uint8Array(DICOM_PREAMBLE_BYTES);
    let bytesRead: number;
    try {
      ({ bytesRead } = await fh.read(head, 0, DICOM_PREAMBLE_BYTES, 0));
    } catch (e) {
      // e.g. EIO from /proc/self/mem, EISDIR-like devices: not a file that can be read.
      throw new IoError('RPERF_IO_NOT_FOUND', path, `cannot read the file: ${(e as Error).message}`);
    }
    return isDicomPart10(head.subarray(0, bytesRead)) ? 'dicom-file' : 'nifti';
  } finally {
    await fh.close();
  }
}

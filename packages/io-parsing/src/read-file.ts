/**
 * Reading a whole file with its size checked first: a file over MAX_FILE_BYTES is refused
 * with RPERF_IO_TOO_LARGE (one line naming the size and the limit), never a RangeError from
 * Node's read.
 */
import { readFile, stat } from 'node:fs/promises';
import { MAX_FILE_BYTES } from './defaults';
import { IoError } from './errors';

/**
 * The bytes of a file, after checking its size.
 * @example await readWholeFile('slice_001.dcm') // Uint8Array
 */
export async function readWholeFile(path: string): Promise<Uint8Array> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (e) {
    throw new IoError('RPERF_IO_NOT_FOUND', path, `cannot read the file: ${(e as Error).message}`);
  }
  if (size > MAX_FILE_BYTES) {
    throw new IoError('RPERF_IO_TOO_LARGE', path, `the file is ${size} bytes, more than the ${MAX_FILE_BYTES} bytes the reader loads (2 GiB); nothing was read — remove it from the folder or split it`);
  }
  try {
    return await readFile(path);
  } catch (e) {
    throw new IoError('RPERF_IO_NOT_FOUND', path, `cannot read the file: ${(e as Error).message}`);
  }
}

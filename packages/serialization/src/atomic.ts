/**
 * Atomic file output: write a temporary file beside the target, then rename it into place,
 * so a reader never sees a half-written file and a failed write leaves the old file intact.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SerializationError } from './errors';

/** The temporary path used for `target`: a hidden file in the same folder (same file system). */
export function temporaryPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Run `write(tmpPath)` then rename the temporary file onto `target`; on any failure the
 * temporary file is removed and a SerializationError (or the writer's own typed error) thrown.
 * @example await atomicWrite('out.nii', (tmp) => writeFile(tmp, bytes))
 */
export async function atomicWrite<T>(target: string, write: (tmpPath: string) => Promise<T>): Promise<T> {
  const tmp = temporaryPathFor(target);
  try {
    const result = await write(tmp);
    await rename(tmp, target);
    return result;
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && e.code.startsWith('RPERF_')) throw e;
    throw new SerializationError('RPERF_SER_WRITE_FAILED', target, `cannot write the file: ${(e as Error).message}; check the folder exists and is writable`);
  }
}

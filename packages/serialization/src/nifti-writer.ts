/**
 * NIfTI-1 files on disk: `.nii` written with two writes (header, voxels), `.nii.gz` streamed
 * through zlib's gzip in chunks (never a second full copy of the volume), both atomically. A
 * file of at most one chunk is gzipped in one call and written once: the stream's set-up cost
 * a cold `rhenium segment` 6-11 ms for its 564-byte label map (issue #17).
 *
 * Encoding is io-parsing's `encodeNifti1Header` / `niftiVoxelBytes` (see the NOTE there on
 * why the encoder lives in io-parsing), so whatever is written reads back bit-exactly with
 * `readNifti`.
 */
import { createWriteStream } from 'node:fs';
import { open, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { createGzip, gzip as gzipCallback } from 'node:zlib';
import type { Volume } from '@rhenium-perf/fixtures';
import { encodeNifti1Header, niftiVoxelBytes } from '@rhenium-perf/io-parsing';
import { atomicWrite } from './atomic';
import { DEFAULT_CHUNK_BYTES, DEFAULT_GZIP_LEVEL, NIFTI_INTENT_LABEL } from './defaults';

/** Options of {@link writeNifti}. */
export interface NiftiFileOptions {
  /** gzip the output; default: when the path ends in `.gz`. */
  gzip?: boolean;
  /** gzip level 0..9 (default 6). */
  level?: number;
  /** Bytes per chunk handed to gzip (default 1 MiB). */
  chunkBytes?: number;
  /** Store NIFTI_INTENT_LABEL (a label map). */
  labelMap?: boolean;
  descrip?: string;
}

/** What was written. */
export interface WrittenFile {
  readonly path: string;
  /** Uncompressed bytes (header + voxels). */
  readonly rawBytes: number;
}

const gzipOnce = promisify(gzipCallback);

function* chunks(parts: readonly Uint8Array[], size: number): Generator<Uint8Array> {
  for (const p of parts) {
    for (let o = 0; o < p.length; o += size) yield p.subarray(o, Math.min(p.length, o + size));
  }
}

/**
 * Write a volume as NIfTI-1 (`.nii` or `.nii.gz`), atomically (temporary file, then rename).
 * @example await writeNifti('/tmp/labels.nii.gz', syntheticVolume('CT', 'small').labels, { labelMap: true })
 */
export async function writeNifti(path: string, volume: Volume, options: NiftiFileOptions = {}): Promise<WrittenFile> {
  const gzip = options.gzip ?? path.endsWith('.gz');
  const header = encodeNifti1Header(volume, {
    file: path,
    descrip: options.descrip,
    intentCode: options.labelMap ? NIFTI_INTENT_LABEL : 0,
  });
  const voxels = niftiVoxelBytes(volume.data);
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  await atomicWrite(path, async (tmp) => {
    if (gzip && header.length + voxels.length <= chunkBytes) {
      const raw = new Uint8Array(header.length + voxels.length);
      raw.set(header, 0);
      raw.set(voxels, header.length);
      await writeFile(tmp, await gzipOnce(raw, { level: options.level ?? DEFAULT_GZIP_LEVEL }));
    } else if (gzip) {
      await pipeline(
        Readable.from(chunks([header, voxels], chunkBytes), { objectMode: false }),
        createGzip({ level: options.level ?? DEFAULT_GZIP_LEVEL, chunkSize: 64 * 1024 }),
        createWriteStream(tmp),
      );
    } else {
      const fh = await open(tmp, 'w');
      try {
        // NOTE: a loop, not one writev: a write may be partial (large buffers, signals).
        for (const part of [header, voxels]) {
          let o = 0;
          while (o < part.length) o += (await fh.write(part, o, part.length - o)).bytesWritten;
        }
      } finally {
        await fh.close();
      }
    }
  });
  return { path, rawBytes: header.length + voxels.length };
}

/**
 * NIfTI-1 files on disk: `.nii` written with two writes (header, voxels), `.nii.gz` streamed
 * through zlib's gzip in chunks (never a second full copy of the volume), both atomically.
 *
 * Encoding is io-parsing's `encodeNifti1Header` / `niftiVoxelBytes` (see the NOTE there on
 * why the encoder lives in io-parsing), so whatever is written reads back bit-exactly with
 * `readNifti`.
 */
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
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
    if (gzip) {
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

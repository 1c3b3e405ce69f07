/**
 * gzip inflation with bounded memory: the first bytes of a stream (to read a header before
 * deciding whether the rest may be inflated), and a whole stream stopped at a byte cap.
 *
 * NOTE: a decompression bomb (a 1 MB `.nii.gz` inflating to 1 GiB) must be refused from its
 * header. `gunzipPrefix` inflates a growing prefix of the compressed bytes with Z_SYNC_FLUSH
 * (zlib returns what the prefix holds instead of failing on the missing end), so its output
 * is bounded by ~1032x the prefix; `gunzipBounded` passes zlib a `maxOutputLength`, so the
 * inflation stops at the cap instead of growing a buffer to whatever the stream holds.
 */
import { constants, gunzipSync } from 'node:zlib';
import { GZIP_HEADER_PROBE_BYTES, MAX_DECOMPRESSED_BYTES } from './defaults';
import { IoError } from './errors';

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function typedZlibError(e: unknown, file: string): IoError {
  const msg = e instanceof Error ? e.message : String(e);
  if (/unexpected end/i.test(msg)) return new IoError('RPERF_IO_TRUNCATED', file, `gzip stream ends early (${msg}); the file was cut off, copy it again`);
  return new IoError('RPERF_IO_DECOMPRESS', file, `gzip stream is corrupt: ${msg}`);
}

/**
 * Inflate at most `maxBytes` of a gzip stream. A stream that inflates to more is refused with
 * RPERF_IO_TOO_LARGE (`what` says where the cap comes from); zlib stops at the cap, so the
 * memory used is bounded by it whatever the stream holds.
 * @example gunzipBounded(gz, 'a.nii.gz', 352 + 4096, 'the header declares 4448 bytes') // Uint8Array
 */
export function gunzipBounded(bytes: Uint8Array, file: string, maxBytes: number, what: string): Uint8Array {
  const cap = Math.min(Math.max(1, Math.floor(maxBytes)), MAX_DECOMPRESSED_BYTES);
  try {
    return gunzipSync(bytes, { maxOutputLength: cap });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
      throw new IoError('RPERF_IO_TOO_LARGE', file, `the gzip stream inflates to more than ${cap} bytes (${what}); inflation was stopped there — the file is corrupt or a decompression bomb`);
    }
    throw typedZlibError(e, file);
  }
}

/** Gunzip with typed errors (truncated stream, corrupt stream, more than 2 GiB). */
export function gunzipBytes(bytes: Uint8Array, file: string): Uint8Array {
  return gunzipBounded(bytes, file, MAX_DECOMPRESSED_BYTES, 'the reader inflates at most 2 GiB');
}

/**
 * The first `wanted` bytes (or fewer when the stream is shorter) of a gzip stream, inflating
 * only a prefix of the compressed bytes: GZIP_HEADER_PROBE_BYTES, grown 4x while the output
 * is too short. Never inflates the whole stream of a large file.
 * @example gunzipPrefix(gz, 'a.nii.gz', 544).length >= 544 // true for any NIfTI file
 */
export function gunzipPrefix(bytes: Uint8Array, file: string, wanted: number): Uint8Array {
  for (let take = GZIP_HEADER_PROBE_BYTES; ; take *= 4) {
    const whole = take >= bytes.length;
    let out: Uint8Array;
    try {
      out = gunzipSync(bytes.subarray(0, Math.min(take, bytes.length)), { finishFlush: constants.Z_SYNC_FLUSH });
    } catch (e) {
      throw typedZlibError(e, file);
    }
    if (out.length >= wanted || whole) return out;
  }
}

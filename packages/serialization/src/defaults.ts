/**
 * Named constants of serialization, with units.
 */

/** Bytes handed to the gzip stream or the file at a time (1 MiB). */
export const DEFAULT_CHUNK_BYTES = 1 << 20;

/** gzip level of `.nii.gz` output (zlib's default: 6). */
export const DEFAULT_GZIP_LEVEL = 6;

/** Characters of JSON buffered before a write to the stream (256 KiB). */
export const DEFAULT_JSON_FLUSH_CHARS = 1 << 18;

/**
 * An integer typed array is run-length encoded when its RLE stream is at most this fraction
 * of its raw bytes; otherwise it is stored raw (base64).
 */
export const RLE_MAX_RATIO = 0.5;

/** NIfTI intent code of a label map (NIFTI_INTENT_LABEL). */
export const NIFTI_INTENT_LABEL = 1002;

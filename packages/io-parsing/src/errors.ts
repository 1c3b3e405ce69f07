/**
 * Error catalogue of io-parsing. Every failure to read a file is an `IoError` with a code
 * from this catalogue, the file it concerns, and a message saying what was received and
 * how to fix it. Parsers never let a foreign exception (a string thrown by dicom-parser, a
 * zlib error, a RangeError from an allocation) escape.
 */
export const IO_ERROR_CODES = Object.freeze({
  RPERF_IO_NOT_FOUND: 'the file or folder does not exist or cannot be read',
  RPERF_IO_TRUNCATED: 'the file ends before the header or the data it declares',
  RPERF_IO_BAD_MAGIC: 'the file is not of the expected format (wrong magic number or header size, no DICM prefix)',
  RPERF_IO_MALFORMED: 'a header field is invalid (dimension, offset, bit depth, a DICOM element that cannot be parsed)',
  RPERF_IO_UNSUPPORTED_DATATYPE: 'the voxel type is valid but not supported (NIfTI datatype, DICOM bit depth or photometric interpretation)',
  RPERF_IO_UNSUPPORTED_TRANSFER_SYNTAX: 'the DICOM transfer syntax (MPEG, JPEG 2000 Part 2) has no decoder here, or its codec (JPEG baseline, JPEG lossless, JPEG-LS, JPEG 2000, HTJ2K) was not loaded before a synchronous decode (await loadDicomDecoders)',
  RPERF_IO_DECOMPRESS: 'a gzip, deflate or RLE stream, or a JPEG / JPEG lossless / JPEG-LS / JPEG 2000 / HTJ2K codestream, is corrupt or declares another image size than the DICOM header (the message names the file and the frame)',
  RPERF_IO_EMPTY_SERIES: 'a folder holds no DICOM file',
  RPERF_IO_MIXED_SERIES: 'a folder holds more than one DICOM series (SeriesInstanceUID) and none was chosen; the message lists the UIDs (choose one: { series } in the library, --series UID in rhenium)',
  RPERF_IO_SERIES_NOT_FOUND: 'the SeriesInstanceUID asked for ({ series }, --series) is not one of the series in the file or folder; the message lists those there',
  RPERF_IO_SEGMENTATION_OBJECT: 'the DICOM file is a Segmentation object (SOP class Segmentation Storage 1.2.840.10008.5.1.4.1.1.66.4): label masks of another series, not an image volume',
  RPERF_IO_COLOUR_IMAGE: 'the DICOM image is in colour (SamplesPerPixel 3, PhotometricInterpretation RGB, YBR_* or PALETTE COLOR); volumes are read from grey levels (MONOCHROME1/2) only',
  RPERF_IO_SERIES_GEOMETRY: 'the slices of a series disagree (size, orientation, spacing) or share a position, or a series from a PACS lacks a slice (a step 1.5 or more times the smallest one)',
  RPERF_IO_INVALID_VOLUME: 'a volume given to the writer is inconsistent (shape, data length, affine)',
  RPERF_IO_TOO_LARGE: 'the NIfTI header declares more voxels than maxVoxels (default 134217728 = 2^27), a .nii.gz inflates past what its header declares (+1 MiB), a compressed DICOM image would decode to more than 2 GiB of pixels, or a file read whole is over 2 GiB; checked before inflating, reading or allocating (raise: { maxVoxels } in the library, RHENIUM_MAX_VOXELS in the CLI, --max-voxels in the API)',
  RPERF_IO_PACS_BAD_URL: 'a DICOMweb address is not dicomweb://host:port/<root>/studies/<StudyInstanceUID>/series/<SeriesInstanceUID> (or dicomwebs:// for HTTPS)',
  RPERF_IO_PACS_UNREACHABLE: 'the PACS cannot be reached: connection refused (nothing listens on that host and port), host not found, or the connection was reset before an answer',
  RPERF_IO_PACS_TIMEOUT: 'the PACS sent nothing for the time-out (default 30 s: no response headers, or the body stalled); raise it with { timeoutMs } in the library, RHENIUM_PACS_TIMEOUT_S in rhenium',
  RPERF_IO_PACS_HTTP: 'the PACS answered with an HTTP error status: 404 (no such study or series: check the UIDs), 401/403 (credentials), 406 (transfer syntax it cannot transcode to), 5xx (the PACS failed: see its log)',
  RPERF_IO_PACS_BAD_RESPONSE: 'the PACS answer cannot be used: a multipart body cut short (no closing boundary) or malformed, another Content-Type than multipart/related, a part that is not DICOM or of another series, or a DIMSE C-GET that failed or was refused',
  RPERF_IO_PACS_LAUNCH: 'the local Orthanc could not be started (binary or DICOMweb plugin missing, exited during start-up, not ready in time); the message holds the end of its log',
  RPERF_IO_UNUSABLE_VOLUME: 'the image has no finite voxel, or its voxel spacing (pixdim, or the column norms of the sform) is not finite and positive; one message for the CLI (exit 2), the API (422) and the pipeline',
} as const);

/** A code of {@link IO_ERROR_CODES}. */
export type IoErrorCode = keyof typeof IO_ERROR_CODES;

/**
 * A typed reading (or encoding) error naming the file.
 * @example new IoError('RPERF_IO_TRUNCATED', 'a.nii', 'header claims 4096 bytes of voxels at offset 352, the file has 2000')
 */
export class IoError extends Error {
  override readonly name = 'IoError';
  constructor(
    readonly code: IoErrorCode,
    /** The file (or folder) concerned; `<buffer>` when parsing bytes without a name. */
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
  }
}

/** True for an {@link IoError}. */
export function isIoError(e: unknown): e is IoError {
  return e instanceof IoError;
}

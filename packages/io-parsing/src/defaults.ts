/**
 * Named constants of io-parsing, with units.
 */

/** Size of a NIfTI-1 header in bytes (`sizeof_hdr`). */
export const NIFTI1_HEADER_BYTES = 348;
/** Size of a NIfTI-2 header in bytes (`sizeof_hdr`). */
export const NIFTI2_HEADER_BYTES = 540;
/** vox_offset the NIfTI-1 writer uses: the 348-byte header, then 4 bytes of extension flag. */
export const NIFTI1_DEFAULT_VOX_OFFSET = 352;

/**
 * Largest decompressed size (bytes) a gzip/deflate stream may expand to. Guards against a
 * corrupt or hostile stream exhausting memory; 2 GiB is far above any volume here.
 */
export const MAX_DECOMPRESSED_BYTES = 2 ** 31 - 1;

/**
 * Largest image the NIfTI reader decodes, in voxels (nx·ny·nz times the frames of dim[4..7];
 * a complex voxel counts once): 2^27 = 512^3 voxels, 512 MiB as float32. Checked against the
 * header's dimensions before any voxel is inflated or allocated, so a small `.nii.gz` whose
 * header claims 1024^3 voxels is refused after inflating only its header. Raise it per call
 * with `{ maxVoxels }` (readNifti, decodeNifti).
 */
export const DEFAULT_MAX_NIFTI_VOXELS = 2 ** 27;

/**
 * Largest file the readers load whole into memory, in bytes (2 GiB - 1, Node's limit for
 * one read). Checked with stat before reading: a larger file is refused with
 * RPERF_IO_TOO_LARGE instead of a RangeError. An uncompressed `.nii` is never read whole:
 * only its header, then the bytes the header declares.
 */
export const MAX_FILE_BYTES = 2 ** 31 - 1;

/**
 * Compressed bytes inflated first to read a `.nii.gz` header (grown 4x until the header is
 * out). Deflate expands at most ~1032:1, so the first probe inflates at most ~66 kB (a NIfTI
 * header compresses to ~100-300 bytes: one or two probes).
 */
export const GZIP_HEADER_PROBE_BYTES = 64;

/**
 * Bytes a `.nii.gz` may inflate to beyond what its header declares (vox_offset + voxels),
 * for trailing padding. Past that the stream is a bomb or corrupt: inflation stops there.
 */
export const GZIP_TRAILING_SLACK_BYTES = 1024 * 1024;

/** Relative deviation of one slice gap from the mean gap above which a series gets a warning. */
export const SLICE_SPACING_TOLERANCE = 0.01;

/** Cosine between slice orientations above which two slices count as parallel. */
export const ORIENTATION_TOLERANCE = 1e-4;

/** The DICOM pixel data tag, where dicom-parser may stop (what follows is padding). */
export const DICOM_PIXEL_DATA_TAG = 'x7fe00010';

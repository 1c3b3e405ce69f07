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

/** Relative deviation of one slice gap from the mean gap above which a series gets a warning. */
export const SLICE_SPACING_TOLERANCE = 0.01;

/** Cosine between slice orientations above which two slices count as parallel. */
export const ORIENTATION_TOLERANCE = 1e-4;

/** The DICOM pixel data tag, where dicom-parser may stop (what follows is padding). */
export const DICOM_PIXEL_DATA_TAG = 'x7fe00010';

/**
 * Types of io-parsing: decoded NIfTI headers and images, DICOM slices and series.
 */
import type { Volume, VolumeArray, VolumeModality } from '@rhenium-perf/fixtures';

/** Byte order of a file. */
export type Endianness = 'little' | 'big';

/** The fields of a NIfTI-1 or NIfTI-2 header that reading needs (numbers, whatever the version). */
export interface NiftiHeader {
  /** 1 or 2. */
  readonly version: 1 | 2;
  readonly endianness: Endianness;
  /** `dim[0..7]`: number of dimensions, then nx, ny, nz, nt, ... */
  readonly dim: readonly number[];
  /** `pixdim[0..7]`: qfac, then voxel sizes. */
  readonly pixdim: readonly number[];
  readonly datatype: number;
  readonly bitpix: number;
  /** Byte offset of the voxels in the (uncompressed) file. */
  readonly voxOffset: number;
  readonly sclSlope: number;
  readonly sclInter: number;
  readonly qformCode: number;
  readonly sformCode: number;
  /** quatern_b, c, d. */
  readonly quatern: readonly [number, number, number];
  /** qoffset_x, y, z. */
  readonly qoffset: readonly [number, number, number];
  /** srow_x, srow_y, srow_z (12 numbers, row-major). */
  readonly srow: readonly number[];
  readonly xyztUnits: number;
  readonly intentCode: number;
  readonly descrip: string;
  /** `n+1`/`ni1`/`n+2`: single file (`n+`) or header/image pair (`ni`). */
  readonly magic: string;
}

/** Budget of a NIfTI read, checked against the header before any voxel is inflated or allocated. */
export interface NiftiReadOptions {
  /** Largest voxel count (nx·ny·nz·frames) accepted; default DEFAULT_MAX_NIFTI_VOXELS (2^27). */
  readonly maxVoxels?: number;
}

/** A decoded NIfTI image: every voxel of every 3D frame. */
export interface NiftiImage {
  readonly header: NiftiHeader;
  /**
   * All voxels, x fastest, then y, z, then frames (dim[4..7] flattened). Complex datatypes
   * are interleaved (re, im) in a Float32Array (complex64) or Float64Array (complex128).
   * Scaled by scl_slope/scl_inter when they are not the identity.
   */
  readonly data: VolumeArray;
  /** `[nz, ny, nx]` of one frame. */
  readonly shape: readonly [number, number, number];
  /** Number of 3D frames (product of dim[4..7]). */
  readonly frames: number;
  /** 1 for real voxels, 2 for complex. */
  readonly components: 1 | 2;
  /** `[sz, sy, sx]` in mm (column norms of the affine). */
  readonly spacingMm: readonly [number, number, number];
  /** 4x4 row-major voxel -> RAS+ mm (sform, else qform, else pixdim). */
  readonly affine: readonly number[];
  /** Which header fields gave the affine. */
  readonly affineSource: 'sform' | 'qform' | 'pixdim';
}

/**
 * The header facts of one DICOM file, read without decoding a pixel or refusing anything:
 * what grouping a folder into series and listing its series need.
 */
export interface DicomHeader {
  readonly file: string;
  readonly transferSyntaxUid: string;
  /** SOPClassUID (0008,0016), else MediaStorageSOPClassUID (0002,0002). */
  readonly sopClassUid: string | null;
  readonly sopInstanceUid: string | null;
  readonly seriesInstanceUid: string | null;
  /** SeriesDescription (0008,103E). */
  readonly seriesDescription: string | null;
  readonly modality: string | null;
  /** 0 when absent. */
  readonly rows: number;
  /** 0 when absent. */
  readonly columns: number;
  /** NumberOfFrames, 1 when absent or invalid. */
  readonly frames: number;
  readonly samplesPerPixel: number;
  readonly photometricInterpretation: string | null;
  /** A Segmentation's first ReferencedSeriesSequence (0008,1115) SeriesInstanceUID: the series it segments. */
  readonly referencedSeriesInstanceUid: string | null;
}

/** The geometry and identity of one DICOM image (one slice, or a multi-frame stack). */
export interface DicomImageInfo {
  readonly file: string;
  readonly transferSyntaxUid: string;
  readonly sopClassUid: string | null;
  readonly seriesInstanceUid: string | null;
  readonly seriesDescription: string | null;
  readonly sopInstanceUid: string | null;
  readonly modality: string | null;
  readonly rows: number;
  readonly columns: number;
  readonly frames: number;
  readonly bitsAllocated: number;
  readonly bitsStored: number;
  readonly pixelRepresentation: 0 | 1;
  readonly photometricInterpretation: string;
  /** ImagePositionPatient (LPS mm), null when absent. */
  readonly imagePositionPatient: readonly [number, number, number] | null;
  /** ImageOrientationPatient: row direction then column direction (LPS), null when absent. */
  readonly imageOrientationPatient: readonly [number, number, number, number, number, number] | null;
  /** PixelSpacing `[row spacing (between rows, along j), column spacing (along i)]` in mm. */
  readonly pixelSpacingMm: readonly [number, number] | null;
  readonly sliceThicknessMm: number | null;
  readonly spacingBetweenSlicesMm: number | null;
  readonly rescaleSlope: number;
  readonly rescaleIntercept: number;
  readonly instanceNumber: number | null;
  /**
   * Multi-frame files: the ImagePositionPatient of every frame, from the
   * PerFrameFunctionalGroupsSequence (Enhanced CT/MR), or null when not every frame has one.
   * `imagePositionPatient` is then the first frame's.
   */
  readonly framePositionsPatient: readonly (readonly [number, number, number])[] | null;
}

/** A decoded DICOM image: its stored pixel values (before rescale), frame after frame. */
export interface DicomImage {
  readonly info: DicomImageInfo;
  /** Stored values, rows x columns per frame, column index fastest. */
  readonly pixels: Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;
}

/** A DICOM series assembled into a volume. */
export interface DicomSeries {
  readonly volume: Volume;
  readonly seriesInstanceUid: string | null;
  /** SeriesDescription (0008,103E) of the first slice, or null. */
  readonly seriesDescription: string | null;
  /** Files in slice order (ascending along the slice normal). */
  readonly files: readonly string[];
  /** Position of each slice projected on the normal, in mm (LPS), in slice order. */
  readonly slicePositionsMm: readonly number[];
  /** Non-fatal oddities (non-uniform spacing, missing position). */
  readonly warnings: readonly string[];
}

/** One series of a DICOM file or folder, as listed before choosing one (no pixel decoded). */
export interface DicomSeriesSummary {
  /** null for files without a SeriesInstanceUID. */
  readonly seriesInstanceUid: string | null;
  readonly seriesDescription: string | null;
  /** DICOM Modality (0008,0060): MR, CT, SEG, ... */
  readonly modality: string | null;
  readonly sopClassUid: string | null;
  /** Files of the series. */
  readonly files: number;
  /** Slices: the files, or the frames of a multi-frame file (the sum of NumberOfFrames). */
  readonly slices: number;
  /** Rows and Columns of its first file. */
  readonly rows: number;
  readonly columns: number;
  /** Why the series cannot be read as a volume (a Segmentation, a colour image), or null. */
  readonly refusal: string | null;
}

/** Maps a DICOM Modality (0008,0060) to the Volume's modality. */
export type DicomModalityMap = Readonly<Record<string, VolumeModality>>;

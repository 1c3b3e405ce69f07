/**
 * `segmentFile({ releaseSession: true })`, what `rhenium segment` uses (issue #17): the
 * outputs are those of a call that keeps the session, the model load is timed as a stage, and
 * the session is released (a later call creates a new one and still works).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticVolume } from '@rhenium-perf/fixtures';
import { encodeNifti1 } from '@rhenium-perf/io-parsing';
import { segmentFile } from '../src/segment';

const dir = mkdtempSync(join(tmpdir(), 'rhenium-seg-release-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('segmentFile releaseSession', () => {
  it('writes the same label map as a call that keeps its session, and releases the session', async () => {
    const input = join(dir, 'ct.nii');
    writeFileSync(input, encodeNifti1(syntheticVolume('CT', 'tiny').image));
    const kept = await segmentFile({ input, output: join(dir, 'kept.nii.gz'), modality: 'CT', pipeline: { intraOpThreads: 1 } });
    const { loadPipelineModel } = await import('@rhenium-perf/e2e-core-model');
    const cached = (await loadPipelineModel({ intraOpThreads: 1 })).session;
    expect((await loadPipelineModel({ intraOpThreads: 1 })).session).toBe(cached);
    const released = await segmentFile({ input, output: join(dir, 'released.nii.gz'), modality: 'CT', pipeline: { intraOpThreads: 1 }, releaseSession: true });
    const again = await segmentFile({ input, output: join(dir, 'again.nii.gz'), modality: 'CT', pipeline: { intraOpThreads: 1 }, releaseSession: true });
    const bytes = (f: string): Buffer => readFileSync(join(dir, f));
    expect(bytes('released.nii.gz').equals(bytes('kept.nii.gz'))).toBe(true);
    expect(bytes('again.nii.gz').equals(bytes('kept.nii.gz'))).toBe(true);
    expect(Buffer.from(released.labelMap.data).equals(Buffer.from(kept.labelMap.data))).toBe(true);
    expect(Object.keys(released.stagesMs)).toEqual(['load_model', 'decode', 'preprocess', 'segment', 'write']);
    expect(Object.keys(kept.stagesMs)).toEqual(['load_model', 'decode', 'preprocess', 'segment', 'write']);
    // The released session is gone from the cache: the next load creates a new one.
    const after = (await loadPipelineModel({ intraOpThreads: 1 })).session;
    expect(after).not.toBe(cached);
    expect(after.sha256).toBe(cached.sha256);
    await after.dispose();
    expect(again.stagesMs.load_model).toBeGreaterThan(0);
  });
});

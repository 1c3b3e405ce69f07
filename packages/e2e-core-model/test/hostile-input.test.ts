/**
 * Hostile input to runPipeline: a decompression bomb is refused from its header (before any
 * voxel is inflated), an image with no finite voxel or a spacing that is not finite and
 * positive is refused with io-parsing's shared message (not "segmented"), and an aborted
 * signal stops the run between stages.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticVolume } from '@rhenium-perf/fixtures';
import { encodeNifti1, writeZeroNiftiGz } from '@rhenium-perf/io-parsing';
import { DEFAULT_MAX_VOXELS, loadPipelineModel, PipelineError, runPipeline, type PipelineInput, type PipelineModel } from '../src/index';

let dir: string;
let model: PipelineModel;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rperf-e2e-hostile-'));
  model = await loadPipelineModel({ intraOpThreads: 1 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function pipelineError(input: PipelineInput, options: Parameters<typeof runPipeline>[1] = {}): Promise<PipelineError> {
  try {
    await runPipeline(input, { model, ...options });
  } catch (e) {
    expect(e).toBeInstanceOf(PipelineError);
    return e as PipelineError;
  }
  throw new Error('expected a PipelineError, the pipeline ran');
}

const tiny = syntheticVolume('MRI', 'tiny').image; // float32 8 x 16 x 16

describe('budgets before allocation', () => {
  it('a ~1 MB .nii.gz declaring 1024^3 voxels is RPERF_E2E_INPUT_DIMENSIONS at decode, without inflating it', async () => {
    const bomb = join(dir, 'bomb.nii.gz');
    await writeZeroNiftiGz(bomb, [1024, 1024, 1024]);
    const before = process.resourceUsage().maxRSS;
    const e = await pipelineError({ kind: 'nifti', path: bomb });
    expect(e.code).toBe('RPERF_E2E_INPUT_DIMENSIONS');
    expect(e.stage).toBe('decode');
    expect(e.message).toContain(`1024x1024x1024 = 1073741824 voxels, more than the ${DEFAULT_MAX_VOXELS} this reader takes (maxVoxels)`);
    expect((process.resourceUsage().maxRSS - before) / 1024).toBeLessThan(64); // MiB; inflating would take 1024
  });

  it('maxVoxels is the budget of the read too', async () => {
    const p = join(dir, 'tiny.nii');
    writeFileSync(p, encodeNifti1(tiny));
    const e = await pipelineError({ kind: 'nifti', path: p }, { maxVoxels: 1000 });
    expect(e.code).toBe('RPERF_E2E_INPUT_DIMENSIONS');
    expect(e.message).toContain('16x16x8 = 2048 voxels, more than the 1000');
  });
});

describe('input semantics: refused, not segmented', () => {
  const message = (file: string): string =>
    `${file}: the image cannot be processed: none of its 2048 values is finite (all are NaN or infinite); export the image again: processing needs at least one finite intensity`;

  it('an all-NaN volume, as a NIfTI file and in memory: RPERF_E2E_INPUT_INVALID with the shared message', async () => {
    const nan = { ...tiny, data: new Float32Array(tiny.data.length).fill(Number.NaN) };
    const p = join(dir, 'nan.nii');
    writeFileSync(p, encodeNifti1(nan));
    const fromFile = await pipelineError({ kind: 'nifti', path: p });
    expect(fromFile.code).toBe('RPERF_E2E_INPUT_INVALID');
    expect(fromFile.stage).toBe('decode');
    expect(fromFile.message).toBe(`[decode] ${p}: ${message(p)}`);
    const inMemory = await pipelineError({ kind: 'volume', volume: nan, name: 'nan' });
    expect(inMemory.code).toBe('RPERF_E2E_INPUT_INVALID');
    expect(inMemory.message).toBe(`[decode] nan: ${message('nan')}`);
  });

  it('negative pixdim and a zero sform: refused instead of becoming 1 mm', async () => {
    const neg = encodeNifti1(tiny).slice();
    const dv = new DataView(neg.buffer);
    dv.setFloat32(80, -2, true); // pixdim[1]
    dv.setInt16(252, 0, true); // no qform
    dv.setInt16(254, 0, true); // no sform: the affine comes from pixdim
    const p = join(dir, 'neg.nii');
    writeFileSync(p, neg);
    const e = await pipelineError({ kind: 'nifti', path: p });
    expect(e.code).toBe('RPERF_E2E_INPUT_INVALID');
    expect(e.message).toContain('its voxel spacing (x y z) is -2 x');
    const zero = encodeNifti1(tiny).slice();
    for (let i = 0; i < 12; i++) new DataView(zero.buffer).setFloat32(280 + 4 * i, 0, true);
    const z = join(dir, 'zero-sform.nii');
    writeFileSync(z, zero);
    expect((await pipelineError({ kind: 'nifti', path: z })).message).toContain('0 x 0 x 0 mm (from the sform)');
  });
});

describe('abort', () => {
  it('an aborted signal stops the run before the next stage (RPERF_E2E_ABORTED)', async () => {
    const ctl = new AbortController();
    const seen: string[] = [];
    const e = await pipelineError(
      { kind: 'volume', volume: tiny },
      {
        signal: ctl.signal,
        stage: (name, fn) => {
          seen.push(name);
          if (name === 'segment') ctl.abort(new Error('client disconnected'));
          return fn();
        },
      },
    );
    expect(e.code).toBe('RPERF_E2E_ABORTED');
    expect(e.stage).toBe('measure');
    expect(e.message).toContain('aborted before the measure stage (Error: client disconnected)');
    expect(seen).toEqual(['decode', 'preprocess', 'segment']);
  });
});

/**
 * The reference forward pass of the perception cases as a run fixture (bench/reference-check.ts):
 * made once per run for a model and input, read back by later processes, and a wrong output
 * still fails against the shared reference, through the cases' own verify (runCaseInline).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { syntheticVolume } from '@rhenium-perf/fixtures';
import { RUN_FIXTURES_ENV, VerifyError, runCaseInline, temporaryRunFixtures, type BenchCase, type TemporaryRunFixtures } from '@rhenium-perf/harness';
import { GraphBuilder, REFERENCE_MAX_ABS_ERROR, getModel, type ZooModelName } from '@rhenium-perf/onnx-models';
import { createSession } from '../src/session';
import type { ModelSession } from '../src/types';
import { userModelCases } from '../src/user-model';
import segmentation from '../bench/segmentation.bench';
import classification from '../bench/classification.bench';
import detection from '../bench/detection.bench';
import {
  REFERENCE_CROP,
  bytesSha256,
  classificationReferenceFigure,
  decodeOutputs,
  detectionReferenceFigure,
  decodeUserModelReference,
  encodeOutputs,
  encodeUserModelReference,
  segmentationReferenceFigure,
  sharedUserModelReference,
} from '../bench/reference-check';

const all: BenchCase[] = [...segmentation, ...classification, ...detection];
const byId = (id: string): BenchCase => all.find((c) => c.id === id)!;
const CROP_DIMS = [1, 1, ...REFERENCE_CROP].join();

/**
 * A session that adds `delta` to the first value of every output, only for inputs of the
 * reference crop's dims: the case's own runs are untouched, its reference comparison is off
 * by `delta` (10x the bound for 1e-3).
 */
function offOnCrop(real: ModelSession, delta = 1e-3): ModelSession {
  return {
    ...real,
    run: async (feeds) => {
      const out = await real.run(feeds);
      if (Object.values(feeds)[0]!.dims.join() !== CROP_DIMS) return out;
      return Object.fromEntries(
        Object.entries(out).map(([k, t]) => {
          const data = Float32Array.from(t.data as Float32Array);
          data[0]! += delta;
          return [k, new ort.Tensor('float32', data, t.dims)];
        }),
      );
    },
  };
}

/** The case with its session replaced by `wrap(session)` after its own setup. */
function withSession(c: BenchCase, wrap: (s: ModelSession) => ModelSession): BenchCase {
  return {
    ...c,
    setup: async (ctx) => {
      const s = (await c.setup(ctx)) as { session: ModelSession };
      return { ...s, session: wrap(s.session) };
    },
  };
}

async function open(name: ZooModelName): Promise<{ session: ModelSession; model: ReturnType<typeof getModel> }> {
  const model = getModel(name);
  return { model, session: await createSession(model.bytes, { device: 'cpu', intraOpThreads: 1, label: `zoo:${name}` }) };
}

let fx: TemporaryRunFixtures;
let dir: string;
/** The run folder's fixtures: name -> inode (a fixture made again is a new file, renamed into place). */
const files = (): Record<string, number> => Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.statSync(path.join(dir, f)).ino]));
beforeEach(() => {
  fx = temporaryRunFixtures();
  dir = fx.dir;
});
afterEach(() => fx.restore());

describe('the shared reference forward pass of the perception cases', () => {
  it('encodes outputs in the given order with their lengths; a malformed buffer is a VerifyError', () => {
    const bytes = encodeOutputs({ b: new Float64Array([3]), a: new Float64Array([1, 2]) }, ['a', 'b']);
    const back = decodeOutputs(bytes, ['a', 'b']);
    expect([...back.a!]).toEqual([1, 2]);
    expect([...back.b!]).toEqual([3]);
    expect(() => decodeOutputs(bytes, ['a'])).toThrow(VerifyError);
    expect(() => decodeOutputs(bytes.slice(0, bytes.length - 8), ['a', 'b'])).toThrow(/malformed/);
    expect(() => encodeOutputs({ a: new Float64Array(1) }, ['a', 'heatmap'])).toThrow(/no output "heatmap"/);
    expect(bytesSha256(new Float32Array([1, 2]))).not.toBe(bytesSha256(new Float32Array([1, 2.0000002])));
  });

  it('is made once per run for a model and input, gives the same figures, and a zeroing or slightly-off network still fails against it', async () => {
    const seg = await open('unet3d');
    const cls = await open('classifier3d');
    const det = await open('detector3d');
    const v = syntheticVolume('MRI', 'small').image;
    const figures = () => Promise.all([segmentationReferenceFigure(seg.session, seg.model, v), classificationReferenceFigure(cls.session, cls.model, v), detectionReferenceFigure(det.session, det.model, v)]);
    const first = await figures();
    const made = files();
    expect(Object.keys(made)).toHaveLength(3); // one per model
    const second = await figures();
    expect(files()).toEqual(made); // read back, not made again
    expect(second.map((q) => q.max_abs_err_vs_reference!.value)).toEqual(first.map((q) => q.max_abs_err_vs_reference!.value));
    for (const q of first) expect(q.max_abs_err_vs_reference!.value).toBeLessThan(REFERENCE_MAX_ABS_ERROR);
    // Computed without the run folder: the very same figures.
    delete process.env[RUN_FIXTURES_ENV];
    const fresh = await figures();
    expect(fresh.map((q) => q.max_abs_err_vs_reference!.value)).toEqual(first.map((q) => q.max_abs_err_vs_reference!.value));
    process.env[RUN_FIXTURES_ENV] = dir;
    // Wrong outputs against the shared reference.
    await expect(segmentationReferenceFigure(offOnCrop(seg.session), seg.model, v)).rejects.toThrow(/max_abs_err_vs_reference = .* exceeds the allowed maximum 0.0001/);
    await expect(classificationReferenceFigure(offOnCrop(cls.session), cls.model, v)).rejects.toThrow(VerifyError);
    await expect(detectionReferenceFigure(offOnCrop(det.session), det.model, v)).rejects.toThrow(VerifyError);
    expect(files()).toEqual(made);
    // What is compared is the shared file: a reference changed in it fails a right network.
    for (const f of Object.keys(made)) {
      const all = new Float64Array(fs.readFileSync(path.join(dir, f)).buffer.slice(0));
      all[all.length - 1]! += 1e-3;
      fs.writeFileSync(path.join(dir, f), new Uint8Array(all.buffer));
    }
    await expect(segmentationReferenceFigure(seg.session, seg.model, v)).rejects.toThrow(VerifyError);
    await expect(classificationReferenceFigure(cls.session, cls.model, v)).rejects.toThrow(VerifyError);
    await expect(detectionReferenceFigure(det.session, det.model, v)).rejects.toThrow(VerifyError);
    // Another input (another volume's crop) is another reference.
    await segmentationReferenceFigure(seg.session, seg.model, syntheticVolume('CT', 'small').image);
    expect(fs.readdirSync(dir)).toHaveLength(4);
  });

  it.each(['perception_seg_unet3d_mri_small', 'perception_cls_classifier3d_ct_medium', 'perception_det_detector3d_mri_medium'])(
    '%s: a later process reads the reference, passes with the same figure, and fails when its crop output is off by 1e-3',
    async (id) => {
      const c = byId(id);
      const first = await runCaseInline(c, { mode: 'smoke', warmupRunsPerProcess: 0, measuredRunsPerProcess: 1 });
      expect(first.state, first.error ?? '').toBe('passed');
      const made = files();
      expect(Object.keys(made)).toHaveLength(1);
      const again = await runCaseInline(c, { mode: 'smoke', warmupRunsPerProcess: 0, measuredRunsPerProcess: 1 });
      expect(again.state, again.error ?? '').toBe('passed');
      expect(files()).toEqual(made); // read back, not made again
      expect(again.quality.max_abs_err_vs_reference!.value).toBe(first.quality.max_abs_err_vs_reference!.value);
      const wrong = await runCaseInline(withSession(c, (s) => offOnCrop(s)), { mode: 'smoke', warmupRunsPerProcess: 0, measuredRunsPerProcess: 1 });
      expect(files()).toEqual(made);
      expect(wrong.state).toBe('failed');
      expect(wrong.error).toMatch(/max_abs_err_vs_reference = .* exceeds the allowed maximum 0.0001/);
    },
  );
});

describe('the shared reference of a user model', () => {
  const models = fs.mkdtempSync(path.join(os.tmpdir(), 'rperf-perception-models-'));
  afterAll(() => fs.rmSync(models, { recursive: true, force: true }));
  const smoke = { mode: 'smoke' as const, warmupRunsPerProcess: 0, measuredRunsPerProcess: 1 };
  type UserState = { run: (f: Record<string, ort.Tensor>) => Promise<Record<string, ort.Tensor>> };
  /** The case with every output's first value off by `delta` (its runs agree with each other, not with the reference). */
  const offBy = (c: BenchCase, delta: number): BenchCase => ({
    ...c,
    setup: async (ctx) => {
      const s = (await c.setup(ctx)) as UserState;
      const run = async (f: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> => {
        const out = await s.run(f);
        return Object.fromEntries(
          Object.entries(out).map(([k, t]) => {
            const data = Float32Array.from(t.data as Float32Array);
            data[0]! += delta;
            return [k, new ort.Tensor('float32', data, t.dims)];
          }),
        );
      };
      return { ...s, run };
    },
  });

  it('round-trips a reference and a reason; a malformed buffer is a VerifyError', () => {
    const ref = { outputs: { y: new Float64Array([1, -2]), z: new Float64Array([3]) }, skipped: null };
    const back = decodeUserModelReference(encodeUserModelReference(ref));
    expect(back.skipped).toBeNull();
    expect(Object.fromEntries(Object.entries(back.outputs!).map(([k, a]) => [k, [...a]]))).toEqual({ y: [1, -2], z: [3] });
    expect(decodeUserModelReference(encodeUserModelReference({ outputs: null, skipped: 'Erf: operator not implemented' }))).toEqual({ outputs: null, skipped: 'Erf: operator not implemented' });
    expect(() => decodeUserModelReference(encodeUserModelReference(ref).slice(0, -8))).toThrow(VerifyError);
  });

  it('is made once per run for the model and feeds, gives the same figure, and an output off by 1e-3 fails against it', async () => {
    const file = path.join(models, 'classifier.onnx');
    fs.writeFileSync(file, getModel('classifier3d').bytes);
    const c = userModelCases(file, '1x1x8x16x16', { referenceOf: sharedUserModelReference })[0]!;
    const first = await runCaseInline(c, smoke);
    expect(first.state, first.error ?? '').toBe('passed');
    expect(first.metadata.reference_check).toBe('compared');
    const made = files();
    expect(Object.keys(made)).toHaveLength(1);
    const again = await runCaseInline(c, smoke);
    expect(again.state, again.error ?? '').toBe('passed');
    expect(files()).toEqual(made); // read back, not made again
    expect(again.quality.max_scaled_err_vs_reference!.value).toBe(first.quality.max_scaled_err_vs_reference!.value);
    expect(first.quality.max_scaled_err_vs_reference!.value).toBeLessThan(REFERENCE_MAX_ABS_ERROR);
    const wrong = await runCaseInline(offBy(c, 1e-3), smoke);
    expect(files()).toEqual(made);
    expect(wrong.state).toBe('failed');
    expect(wrong.error).toMatch(/max_scaled_err_vs_reference = .* exceeds the allowed maximum 0.0001/);
    // Other feeds (another input shape) are another reference.
    const other = await runCaseInline(userModelCases(file, '1x1x8x8x8', { referenceOf: sharedUserModelReference })[0]!, smoke);
    expect(other.state, other.error ?? '').toBe('passed');
    expect(Object.keys(files())).toHaveLength(2);
  });

  it('shares the reason when the reference cannot run the graph', async () => {
    const g = new GraphBuilder('erf');
    const x = g.input({ name: 'x', elemType: 'float32', shape: [4] });
    g.node('Erf', [x], {}, { outputs: ['y'], name: 'erf0' });
    g.output({ name: 'y', elemType: 'float32', shape: [4] });
    const file = path.join(models, 'erf.onnx');
    fs.writeFileSync(file, g.encode());
    const c = userModelCases(file, undefined, { referenceOf: sharedUserModelReference })[0]!;
    for (let i = 0; i < 2; i++) {
      const r = await runCaseInline(c, smoke);
      expect(r.state, r.error ?? '').toBe('passed');
      expect(r.metadata.reference_check).toMatch(/"erf0" \(Erf\): operator not implemented/);
      expect(r.quality.max_scaled_err_vs_reference).toBeUndefined();
      expect(Object.keys(files())).toHaveLength(1);
    }
  });
});

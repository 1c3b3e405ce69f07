import { describe, expect, it } from 'vitest';
import * as ort from 'onnxruntime-node';
import { createRng } from '@rhenium-perf/fixtures';
import { VerifyError } from '@rhenium-perf/harness';
import { GraphBuilder, getModel, REFERENCE_MAX_ABS_ERROR } from '@rhenium-perf/onnx-models';
import { USER_REFERENCE_MAX_ELEMENTS, userModelReferenceFigure } from './user-model-reference';

async function run(bytes: Uint8Array, feeds: Record<string, ort.Tensor>): Promise<Record<string, ort.Tensor>> {
  const s = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
  return s.run(feeds);
}

describe('userModelReferenceFigure', () => {
  it('compares a convnet (DnCNN bytes as a user file) and bounds the scaled error by 1e-4 (measured ~1e-7)', async () => {
    const bytes = getModel('dncnn3d').bytes;
    const feeds = { image: new ort.Tensor('float32', createRng(2).fillUniform(new Float32Array(8 * 16 * 16)), [1, 1, 8, 16, 16]) };
    const r = userModelReferenceFigure(bytes, feeds, await run(bytes, feeds));
    expect(r.skipped).toBeNull();
    expect(r.figures.max_scaled_err_vs_reference!.value).toBeLessThan(REFERENCE_MAX_ABS_ERROR);
  });

  it('fails a wrong output (zeros) with a VerifyError', async () => {
    const bytes = getModel('classifier3d').bytes;
    const feeds = { image: new ort.Tensor('float32', createRng(2).fillUniform(new Float32Array(8 * 16 * 16)), [1, 1, 8, 16, 16]) };
    const zeros = { probabilities: new ort.Tensor('float32', new Float32Array(3), [1, 3]) };
    expect(() => userModelReferenceFigure(bytes, feeds, zeros)).toThrow(VerifyError);
  });

  it('gives no figure, with the reason, for unsupported operators, non-float feeds and large inputs', () => {
    const g = new GraphBuilder('erf');
    const x = g.input({ name: 'x', elemType: 'float32', shape: [2] });
    g.node('Erf', [x], {}, { outputs: ['y'], name: 'erf0' });
    g.output({ name: 'y', elemType: 'float32', shape: [2] });
    const erf = userModelReferenceFigure(g.encode(), { x: new ort.Tensor('float32', new Float32Array(2), [2]) }, {});
    expect(erf).toEqual({ figures: {}, skipped: expect.stringMatching(/"erf0" \(Erf\): operator not implemented/) });
    expect(userModelReferenceFigure(g.encode(), { x: new ort.Tensor('int32', new Int32Array(2), [2]) }, {}).skipped).toMatch(/feed "x" is int32/);
    const big = new ort.Tensor('float32', new Float32Array(USER_REFERENCE_MAX_ELEMENTS + 1), [USER_REFERENCE_MAX_ELEMENTS + 1]);
    expect(userModelReferenceFigure(g.encode(), { x: big }, {}).skipped).toMatch(/at most 65536/);
  });
});

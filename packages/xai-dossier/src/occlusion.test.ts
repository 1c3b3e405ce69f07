import { describe, expect, it } from 'vitest';
import { syntheticVolume } from '@rhenium-perf/fixtures';
import { createSession } from '@rhenium-perf/perception-inference';
import { occlusionSaliency, occlusionStarts, occlusionWindows } from './occlusion';
import { buildRegionProbe, inBox } from './region-probe';
import type { Box3 } from './types';

describe('occlusion windows', () => {
  it('step by the stride and end flush with the volume', () => {
    expect(occlusionStarts(10, 4, 4)).toEqual([0, 4, 6]);
    expect(occlusionStarts(8, 4, 4)).toEqual([0, 4]);
    expect(occlusionStarts(8, 4, 2)).toEqual([0, 2, 4]);
    expect(occlusionStarts(3, 8, 8)).toEqual([0]); // patch clipped to the volume
    expect(occlusionWindows([8, 16, 16], [8, 8, 8], [8, 8, 8])).toHaveLength(4);
  });
});

describe('occlusionSaliency on a model that only looks at a known box', () => {
  // MRI tiny [8, 16, 16]: magnitudes > 0, so after z-scoring the box holds a mix; the probe
  // sees only the box.
  const vol = syntheticVolume('MRI', 'tiny').image;
  // Aligned to the 2-voxel window grid, so every window that touches the box lies inside it.
  const box: Box3 = { min: [8, 2, 2], max: [11, 5, 3] };

  for (const task of ['classification', 'segmentation'] as const) {
    it(`${task}: the map peaks inside the box and windows that miss it drop by exactly 0`, async () => {
      // gain 0.02: raw magnitudes (~1000) keep the softmax away from saturation (2 g s ~ 1).
      const probe = buildRegionProbe([8, 16, 16], box, task, 0.02);
      const s = await createSession(probe.bytes, { intraOpThreads: 1, label: `probe_${task}` });
      const r = await occlusionSaliency(s, vol, {
        target: task === 'classification' ? { kind: 'classification', classIndex: 0 } : { kind: 'segmentation', classIndex: 0, region: new Uint8Array(8 * 16 * 16).fill(1) },
        patchSize: 2,
        batchSize: 8,
        normalize: 'none', // raw MRI magnitudes are positive: masking always lowers the score
      });
      expect(r.positions).toHaveLength(4 * 8 * 8);
      expect(r.batches).toBe(Math.ceil((256 + 1) / 8));
      expect(inBox(box, r.peakVoxel)).toBe(true);
      for (const p of r.positions) {
        const [z, y, x] = p.start;
        const touches = x + 1 >= box.min[0] && x <= box.max[0] && y + 1 >= box.min[1] && y <= box.max[1] && z + 1 >= box.min[2] && z <= box.max[2];
        if (touches) expect(p.drop).toBeGreaterThan(0);
        else expect(Math.abs(p.drop)).toBeLessThanOrEqual(1e-7);
      }
      // every voxel's value is a mean of drops of windows covering it: outside the box's windows, 0
      expect(r.map[0]).toBe(0);
      expect(r.maxValue).toBeGreaterThan(0);
      expect(r.baseline).toBeGreaterThan(0.5);
      expect(r.baseline).toBeLessThan(0.99);
    });
  }

  it('gives the same map whatever the batch size', async () => {
    const probe = buildRegionProbe([8, 16, 16], box, 'classification');
    const s = await createSession(probe.bytes, { intraOpThreads: 1 });
    const opts = { target: { kind: 'classification', classIndex: 0 } as const, patchSize: [4, 4, 4] as const, stride: 2 };
    const a = await occlusionSaliency(s, vol, { ...opts, batchSize: 1 });
    const b = await occlusionSaliency(s, vol, { ...opts, batchSize: 5 });
    expect(a.batches).toBe(a.positions.length + 1);
    let err = 0;
    for (let v = 0; v < a.map.length; v++) err = Math.max(err, Math.abs(a.map[v]! - b.map[v]!));
    expect(err).toBeLessThan(1e-6);
  });

  it('refuses a class index the model does not output', async () => {
    const probe = buildRegionProbe([8, 16, 16], box, 'classification');
    const s = await createSession(probe.bytes, { intraOpThreads: 1 });
    await expect(occlusionSaliency(s, vol, { target: { kind: 'classification', classIndex: 5 }, patchSize: 8 })).rejects.toMatchObject({ code: 'RPERF_XAI_INVALID_OPTIONS' });
    await expect(occlusionSaliency(s, vol, { target: { kind: 'classification', classIndex: 0 }, patchSize: 0 })).rejects.toMatchObject({ code: 'RPERF_XAI_INVALID_OPTIONS' });
  });
});

import { describe, expect, it } from 'vitest';
import { defineBench } from './define';
import { voxelsPerItemOf } from './result';

const base = {
  category: 'reconstruction_ct', task: 'fbp_stack', modality: 'CT', dtype: 'float64', tags: ['full'],
  setup: () => 0, run: () => 0, verify: () => undefined,
} as const;

describe('defineBench: voxels per item', () => {
  it('refuses a whole stack counted per item (the 32x overstatement of the CT stack case)', () => {
    // 32 slices of 180x256 sinograms, 256x256 images: one item is one slice.
    expect(() =>
      defineBench({ ...base, id: 'stack_bad', inputShape: [180, 256], outputShape: [256, 256], voxelsCounted: 'output', voxelsPerItem: 32 * 256 * 256, itemsPerRun: 32 }),
    ).toThrow(/voxelsPerItem 2097152 is not the element count 65536 of one output item \[256,256\]/);
    const ok = defineBench({ ...base, id: 'stack_ok', inputShape: [180, 256], outputShape: [256, 256], voxelsCounted: 'output', voxelsPerItem: 65536, itemsPerRun: 32 });
    expect(voxelsPerItemOf(ok)).toBe(65536);
  });
  it('counts the input shape by default, the output shape when asked', () => {
    expect(voxelsPerItemOf(defineBench({ ...base, id: 'in', inputShape: [180, 256] }))).toBe(46080);
    expect(voxelsPerItemOf(defineBench({ ...base, id: 'out', inputShape: [180, 256], outputShape: [256, 256], voxelsCounted: 'output' }))).toBe(65536);
    expect(() => defineBench({ ...base, id: 'no_out', inputShape: [180, 256], voxelsCounted: 'output' })).toThrow(/needs outputShape/);
  });
  it('refuses the old names of renamed fields', () => {
    expect(() => defineBench({ ...base, id: 'old', inputShape: [4], voxels: 4 } as never)).toThrow(/voxels -> voxelsPerItem/);
    expect(() => defineBench({ ...base, id: 'old2', inputShape: [4], measurementRuns: 4 } as never)).toThrow(/measuredRunsPerProcess/);
  });
  it('exclusive is a boolean or absent', () => {
    expect(defineBench({ ...base, id: 'x', inputShape: [4], exclusive: true }).exclusive).toBe(true);
    expect(() => defineBench({ ...base, id: 'x2', inputShape: [4], exclusive: 'yes' } as never)).toThrow(/exclusive must be true or false, received "yes"/);
  });
});

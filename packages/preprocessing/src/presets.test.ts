import { describe, expect, it } from 'vitest';
import { PREPROCESSING_PRESETS, applyPreset, getPreset, presetForModality } from './presets';

describe('presets', () => {
  it('maps CT HU through the wide and soft-tissue windows (hand-computed)', () => {
    const hu = new Int16Array([-1024, -1000, -160, 0, 40, 240, 1000, 3071]);
    const wide = Array.from(applyPreset('ct_wide', hu, new Float32Array(8)));
    expect(wide).toEqual([0, 0, 0.42, 0.5, 0.52, 0.62, 1, 1].map((v) => expect.closeTo(v, 6)));
    const soft = Array.from(applyPreset('ct_soft_tissue', hu, new Float32Array(8)));
    expect(soft).toEqual([0, 0, 0, 0.4, 0.5, 1, 1, 1].map((v) => expect.closeTo(v, 6)));
  });
  it('z-scores MRI after the percentile clip and zeroes NaN', () => {
    const x = new Float32Array(1001).map((_, i) => i);
    x[3] = NaN;
    const y = applyPreset('mri', x, new Float32Array(x.length));
    expect(y[3]).toBe(0);
    let sum = 0;
    for (let i = 0; i < y.length; i++) if (i !== 3) sum += y[i]!;
    expect(Math.abs(sum / 1000)).toBeLessThan(1e-4);
  });
  it('maps 8-bit ultrasound and 12-bit X-ray to [0, 1]', () => {
    expect(Array.from(applyPreset('us', new Uint8Array([0, 51, 255]), new Float32Array(3)))).toEqual([0, Math.fround(0.2), 1]);
    const xr = new Uint16Array(2000).map((_, i) => i * 2);
    const y = applyPreset('xr', xr, new Float32Array(2000));
    expect(y[0]).toBe(0);
    expect(y[1999]).toBe(1);
    expect(y[1000]).toBeCloseTo((2000 - 19.99) / (3978.01 - 19.99), 5); // p0.5 = 19.99, p99.5 = 3978.01
  });
  it('names a default preset per modality, each of which exists', () => {
    for (const m of ['CT', 'MRI', 'US', 'XR'] as const) expect(PREPROCESSING_PRESETS[presetForModality(m)].modality).toBe(m);
  });
  it('refuses an unknown preset with a typed error naming the known ones', () => {
    expect(() => getPreset('pet_suv')).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_UNKNOWN_PRESET', message: expect.stringContaining('ct_wide') }));
    expect(() => applyPreset('toString', new Float32Array(1), new Float32Array(1))).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_UNKNOWN_PRESET' }));
    expect(() => presetForModality('PET' as 'CT')).toThrow(expect.objectContaining({ code: 'RPERF_PREPROCESS_UNKNOWN_PRESET' }));
  });
});

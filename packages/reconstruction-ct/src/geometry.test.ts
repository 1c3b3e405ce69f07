import { describe, expect, it } from 'vitest';
import { circleSpans, createGeometry, diagonalDetectorCount, fullSpans, uniformAnglesDeg } from './geometry';
import { ReconstructionCtError } from './errors';

describe('geometry', () => {
  it('spreads angles uniformly over [0, 180)', () => {
    expect(Array.from(uniformAnglesDeg(4))).toEqual([0, 45, 90, 135]);
    const a = uniformAnglesDeg(160);
    expect(a[159]).toBeCloseTo(178.875, 12);
  });

  it('resolves detector counts, centres and trig tables', () => {
    const g = createGeometry({ imageSize: 256, angles: 180 });
    expect(g.detectorCount).toBe(256);
    expect(g.imageCenter).toBe(128);
    expect(g.detectorCenter).toBe(128);
    expect(g.cos[90]).toBeCloseTo(0, 15);
    expect(g.sin[90]).toBe(1);
    expect(g.cos[60]).toBeCloseTo(0.5, 15);
    const d = createGeometry({ imageSize: 31, angles: [10, 20], detectors: 'diagonal' });
    expect(d.detectorCount).toBe(44); // ceil(31 * 1.41421...) = ceil(43.84)
    expect(d.imageCenter).toBe(15);
    expect(d.detectorCenter).toBe(22);
    expect(diagonalDetectorCount(256)).toBe(363);
  });

  it('matches a brute-force reconstruction circle (even and odd sizes)', () => {
    for (const n of [4, 7, 32, 33]) {
      const spans = circleSpans(n);
      const c = Math.floor(n / 2);
      for (let r = 0; r < n; r++) {
        const inside: number[] = [];
        for (let k = 0; k < n; k++) if ((r - c) ** 2 + (k - c) ** 2 <= c * c) inside.push(k);
        if (inside.length === 0) expect(spans[2 * r]!).toBeGreaterThan(spans[2 * r + 1]!);
        else expect([spans[2 * r], spans[2 * r + 1]]).toEqual([inside[0], inside[inside.length - 1]]);
      }
    }
    expect(Array.from(circleSpans(4))).toEqual([2, 2, 1, 3, 0, 3, 1, 3]);
    expect(Array.from(fullSpans(3))).toEqual([0, 2, 0, 2, 0, 2]);
  });

  it('rejects bad sizes and angles with coded errors', () => {
    expect(() => createGeometry({ imageSize: 1.5, angles: 4 })).toThrow(/imageSize must be an integer >= 2, received 1.5/);
    expect(() => createGeometry({ imageSize: 8, angles: [] })).toThrow(ReconstructionCtError);
    expect(() => createGeometry({ imageSize: 8, angles: [0, NaN] })).toThrow(/angles holds NaN at index 1/);
    expect(() => uniformAnglesDeg(0)).toThrow(/angle count must be an integer >= 1, received 0/);
  });
});

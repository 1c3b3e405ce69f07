import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PERCEPTION_ERROR_CODES, PerceptionError } from './errors';

describe('error catalogue', () => {
  it('documents every code in README.md', () => {
    const readme = fs.readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const code of Object.keys(PERCEPTION_ERROR_CODES)) expect(readme, code).toContain(code);
  });

  it('carries its code', () => {
    const e = new PerceptionError('RPERF_PERCEPTION_NAN_INPUT', 'NaN at voxel 3');
    expect([e.name, e.code, e.message, e instanceof Error]).toEqual(['PerceptionError', 'RPERF_PERCEPTION_NAN_INPUT', 'NaN at voxel 3', true]);
  });
});

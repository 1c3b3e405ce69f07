import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PINN_ERROR_CODES, PinnError } from './errors';
import { createMlpLayout } from './mlp';

describe('error catalogue', () => {
  it('documents every code thrown in the sources, and only RPERF_PINN_ codes', () => {
    const dir = path.dirname(fileURLToPath(import.meta.url));
    const used = new Set<string>();
    for (const f of fs.readdirSync(dir)) {
      if (!f.endsWith('.ts') || f.endsWith('.test.ts') || f === 'errors.ts') continue;
      for (const m of fs.readFileSync(path.join(dir, f), 'utf8').matchAll(/'(RPERF_[A-Z_]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(4);
    for (const code of used) expect(Object.keys(PINN_ERROR_CODES)).toContain(code);
    for (const [code, description] of Object.entries(PINN_ERROR_CODES)) {
      expect(code).toMatch(/^RPERF_PINN_[A-Z0-9_]*[A-Z0-9]$/);
      expect(description.length).toBeGreaterThan(20);
      expect(description, code).not.toMatch(/[\r\n]/);
    }
    expect(Object.isFrozen(PINN_ERROR_CODES)).toBe(true);
  });

  it('carries its code and message', () => {
    const e = new PinnError('RPERF_PINN_BATCH_SIZE', 'interior point count must be a positive integer, received 0');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('PinnError');
    expect(e.code).toBe('RPERF_PINN_BATCH_SIZE');
  });

  it('createMlpLayout([3, 1]): RPERF_PINN_LAYER_SIZES in one line naming the expected and the received sizes', () => {
    let err: unknown;
    try {
      createMlpLayout([3, 1]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PinnError);
    expect((err as PinnError).code).toBe('RPERF_PINN_LAYER_SIZES');
    expect((err as PinnError).message).toBe('layer sizes must be [2, hidden..., 1] with at least one hidden layer, received [3,1]');
  });
});

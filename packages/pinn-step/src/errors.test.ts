import { describe, expect, it } from 'vitest';
import { PinnError } from './errors';
import { createMlpLayout } from './mlp';

// The catalogue's form (prefix, one-line meanings, frozen, every thrown code listed) is
// checked for every package by tools/perf-cli/test/error-catalogue.test.ts.
describe('PinnError', () => {
  it('carries its code and message', () => {
    const e = new PinnError('RPERF_PINN_BATCH_SIZE', 'interior point count must be a positive integer, received 0');
    expect([e instanceof Error, e.name, e.code]).toEqual([true, 'PinnError', 'RPERF_PINN_BATCH_SIZE']);
  });

  it('createMlpLayout([3, 1]): RPERF_PINN_LAYER_SIZES in one line naming the expected and the received sizes', () => {
    expect(() => createMlpLayout([3, 1])).toThrow(
      expect.objectContaining({
        name: 'PinnError',
        code: 'RPERF_PINN_LAYER_SIZES',
        message: 'layer sizes must be [2, hidden..., 1] with at least one hidden layer, received [3,1]',
      }),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { DISCLOSURE_SCHEMA, assertDisclosure, bytesOf, dtypeOf, normalizeTimestamp, validateDisclosure } from './disclosure';
import { DISCLOSURE_SCHEMA_ID } from './defaults';
import { GanError } from './errors';

const HEX = (c: string): string => c.repeat(64);

function sample(): Record<string, unknown> {
  return {
    disclosure_version: '1.0.0',
    synthetic: true,
    statement: 'generated',
    operation: 'super_resolution',
    scale: 2,
    processing: 'slice_by_slice_2d',
    generated_at: '2024-06-01T12:00:00.000Z',
    model: { name: 'srgan2d', sha256: HEX('a'), task: 'super_resolution', opset: 17, ir_version: 8, parameter_count: 1234 },
    input: { sha256: HEX('b'), dtype: 'int16', shape: [8, 16, 16], modality: 'CT' },
    output: { sha256: HEX('c'), dtype: 'float32', shape: [8, 32, 32] },
    intensity: { mapping: 'min_max_linear', input_range: [-1000, 700], model_range: [-1, 1] },
    execution: { device: 'cpu', intra_op_threads: 2 },
    software: { name: '@rhenium-perf/gan-inference', version: '0.1.0' },
  };
}

describe('disclosure schema', () => {
  it('has the package $id and accepts a complete record', () => {
    expect(DISCLOSURE_SCHEMA.$id).toBe(DISCLOSURE_SCHEMA_ID);
    const r = validateDisclosure(sample());
    expect(r.valid).toBe(true);
  });

  it.each([
    ['synthetic false', (d: Record<string, any>) => (d.synthetic = false), '/synthetic: must be true'],
    ['no model sha256', (d: Record<string, any>) => delete d.model.sha256, "/model: must have required property 'sha256'"],
    ['upper-case sha256', (d: Record<string, any>) => (d.input.sha256 = HEX('A')), '/input/sha256: must match pattern'],
    ['no timestamp', (d: Record<string, any>) => delete d.generated_at, "/: must have required property 'generated_at'"],
    ['a date without a time', (d: Record<string, any>) => (d.generated_at = '2024-06-01'), '/generated_at: must match format "date-time"'],
    ['an unknown operation', (d: Record<string, any>) => (d.operation = 'inpainting'), '/operation: must be one of'],
    ['scale 0', (d: Record<string, any>) => (d.scale = 0), '/scale: must be >= 1'],
    ['an extra field', (d: Record<string, any>) => (d.note = 'x'), '/: has unknown property "note"'],
    ['a 1D shape', (d: Record<string, any>) => (d.output.shape = [4]), '/output/shape: must NOT have fewer than 2 items'],
  ])('refuses %s', (_name, mutate, message) => {
    const d = sample();
    mutate(d);
    const r = validateDisclosure(d);
    expect(r.valid).toBe(false);
    if (!r.valid) expect(r.errors.join('\n')).toContain(message);
    expect(() => assertDisclosure(d, 'x')).toThrow(GanError);
    try {
      assertDisclosure(d, 'x');
    } catch (err) {
      expect((err as GanError).code).toBe('RPERF_GAN_DISCLOSURE_INVALID');
    }
  });
});

describe('disclosure helpers', () => {
  it('normalises timestamps and refuses what is not ISO 8601', () => {
    expect(normalizeTimestamp(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(normalizeTimestamp('2024-06-01T12:00:00+02:00')).toBe('2024-06-01T12:00:00+02:00');
    for (const bad of ['yesterday', '2024-06-01', '2024-13-45T99:00:00Z', new Date(NaN), 0 as unknown as string]) {
      expect(() => normalizeTimestamp(bad)).toThrow(expect.objectContaining({ code: 'RPERF_GAN_INVALID_OPTIONS' }));
    }
  });

  it('names dtypes as the schema does and hashes the stored bytes', () => {
    expect(dtypeOf(new Int16Array(1))).toBe('int16');
    expect(dtypeOf(new Float32Array(1))).toBe('float32');
    expect(dtypeOf(new Uint8Array(1))).toBe('uint8');
    // A view into a larger buffer hashes only its own bytes: Int16 [1, 256] = 01 00 00 01.
    const big = new Int16Array([9, 1, 256, 9]);
    const view = big.subarray(1, 3);
    expect(Array.from(bytesOf(view))).toEqual([1, 0, 0, 1]);
    expect(createHash('sha256').update(bytesOf(view)).digest('hex')).toBe(createHash('sha256').update(Uint8Array.from([1, 0, 0, 1])).digest('hex'));
  });
});

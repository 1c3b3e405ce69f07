/**
 * The disclosure record: every generated output says that it is generated (synthetic: true),
 * by which model (name, sha256), from which input (sha256 of its bytes), into which output
 * (sha256), when (a timestamp the caller injects), the operation and scale, and how the
 * intensities were mapped. Its JSON Schema is `schemas/disclosure.schema.json`, validated
 * through the workspace's shared ajv instance (`getValidator` of @rhenium-perf/schema).
 */
import type { VolumeArray, VolumeModality } from '@rhenium-perf/fixtures';
import { sha256Hex } from '@rhenium-perf/onnx-models';
import { formatErrors, getValidator, type ValidationOutcome } from '@rhenium-perf/schema';
import schemaJson from '../schemas/disclosure.schema.json';
import { DISCLOSURE_SOFTWARE, DISCLOSURE_STATEMENT, DISCLOSURE_VERSION } from './defaults';
import { GanError } from './errors';
import type { Disclosure, GanModel, GanProcessing, IntensityMapping } from './types';

/** The disclosure JSON Schema, parsed (bundled into the build, so no file lookup at run time). */
export const DISCLOSURE_SCHEMA: Readonly<Record<string, unknown>> = schemaJson as Record<string, unknown>;

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Validate a disclosure against the schema.
 * @example validateDisclosure(result.disclosure) // { valid: true, value: ... }
 */
export function validateDisclosure(doc: unknown): ValidationOutcome<Disclosure> {
  const fn = getValidator(DISCLOSURE_SCHEMA as Record<string, unknown>);
  if (fn(doc)) return { valid: true, value: doc as Disclosure };
  const errors = formatErrors(fn.errors);
  return { valid: false, errors: errors.length > 0 ? errors : ['/: is invalid'] };
}

/** Validate and return, or throw GanError RPERF_GAN_DISCLOSURE_INVALID naming the problems. */
export function assertDisclosure(doc: unknown, source = 'disclosure'): Disclosure {
  const r = validateDisclosure(doc);
  if (r.valid) return r.value;
  throw new GanError('RPERF_GAN_DISCLOSURE_INVALID', `${source} does not match schemas/disclosure.schema.json: ${r.errors.slice(0, 5).join('; ')}`);
}

/**
 * The timestamp as ISO 8601 (a Date becomes `toISOString()`), refusing anything else.
 * @example normalizeTimestamp(new Date(0)) // '1970-01-01T00:00:00.000Z'
 */
export function normalizeTimestamp(at: string | Date): string {
  if (at instanceof Date) {
    if (Number.isNaN(at.getTime())) throw new GanError('RPERF_GAN_INVALID_OPTIONS', 'generatedAt is an invalid Date; pass a valid Date or an ISO 8601 string');
    return at.toISOString();
  }
  if (typeof at !== 'string' || !DATE_TIME.test(at) || Number.isNaN(Date.parse(at))) {
    throw new GanError(
      'RPERF_GAN_INVALID_OPTIONS',
      `generatedAt must be an ISO 8601 date-time such as "2024-06-01T12:00:00Z", received ${JSON.stringify(at)}`,
    );
  }
  return at;
}

/** Name of a typed array's element type, as the schema spells it. */
export function dtypeOf(data: VolumeArray): Disclosure['input']['dtype'] {
  const name = data.constructor.name; // 'Float32Array' -> 'float32'
  return name.slice(0, -'Array'.length).toLowerCase();
}

/** The bytes of a typed array as stored (little-endian on every platform Node runs on). */
export function bytesOf(data: VolumeArray): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** What `buildDisclosure` needs to know. */
export interface DisclosureFacts {
  readonly model: GanModel;
  readonly processing: GanProcessing;
  readonly generatedAt: string;
  readonly input: VolumeArray;
  readonly inputShape: readonly number[];
  readonly modality: VolumeModality | null;
  readonly output: Float32Array;
  readonly outputShape: readonly number[];
  readonly mapping: IntensityMapping;
}

/**
 * Build (and validate) the disclosure of one generated output. Hashes the input and output
 * bytes (sha256; ~2-4 ms per MB here).
 */
export function buildDisclosure(f: DisclosureFacts): Disclosure {
  const d = f.model.descriptor;
  const disclosure: Disclosure = {
    disclosure_version: DISCLOSURE_VERSION,
    synthetic: true,
    statement: DISCLOSURE_STATEMENT,
    operation: f.model.operation,
    scale: f.model.scale,
    processing: f.processing,
    generated_at: f.generatedAt,
    model: { name: d.name, sha256: d.sha256, task: d.task, opset: d.opset, ir_version: d.irVersion, parameter_count: d.parameterCount },
    input: { sha256: sha256Hex(bytesOf(f.input)), dtype: dtypeOf(f.input), shape: [...f.inputShape], modality: f.modality },
    output: { sha256: sha256Hex(bytesOf(f.output)), dtype: 'float32', shape: [...f.outputShape] },
    intensity: { mapping: 'min_max_linear', input_range: [f.mapping.inputMin, f.mapping.inputMax], model_range: [f.mapping.modelMin, f.mapping.modelMax] },
    execution: { device: f.model.session.device, intra_op_threads: f.model.session.intraOpThreads },
    software: { name: DISCLOSURE_SOFTWARE.name, version: DISCLOSURE_SOFTWARE.version },
  };
  // NOTE: validated on every generation (a few microseconds): an output never leaves without
  // a disclosure the schema accepts.
  return Object.freeze(assertDisclosure(disclosure, `the disclosure of ${d.name}'s output`));
}

/**
 * JSON schemas of the routes: Fastify validates requests with them and serialises answers
 * with them (fast-json-stringify), so an answer never carries a field it does not declare.
 *
 * NOTE: Fastify marks the schema objects it compiles, so they are not frozen here and
 * buildServer registers deep copies (two servers in one process never share them).
 */

/** An RFC 9457 problem document with this package's `code`. */
export const PROBLEM_SCHEMA = {
  $id: 'rhenium-problem',
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', pattern: '^RPERF_API_[A-Z_]+$' },
    instance: { type: 'string' },
  },
} as const;

const problemRef = { $ref: 'rhenium-problem#' } as const;
const errors = { '4xx': problemRef, '5xx': problemRef } as const;

const modelSchema = {
  type: 'object',
  required: ['name', 'sha256', 'device', 'threads'],
  properties: {
    name: { type: 'string' },
    sha256: { type: ['string', 'null'] },
    device: { type: 'string' },
    threads: { type: ['integer', 'null'] },
  },
} as const;

/** `GET /health`: the process is alive (it does not depend on the model). */
export const HEALTH_ROUTE_SCHEMA = {
  response: {
    200: {
      type: 'object',
      required: ['status', 'pid', 'uptimeS', 'inFlight'],
      properties: {
        status: { type: 'string', enum: ['ok'] },
        pid: { type: 'integer' },
        uptimeS: { type: 'number' },
        /** Segmentation requests being worked on now. */
        inFlight: { type: 'integer' },
      },
    },
    ...errors,
  },
} as const;

/** `GET /ready`: 200 once the model is loaded, otherwise a 503 problem with the state. */
export const READY_ROUTE_SCHEMA = {
  response: {
    200: {
      type: 'object',
      required: ['status', 'model', 'loadMs'],
      properties: {
        status: { type: 'string', enum: ['ready'] },
        model: modelSchema,
        loadMs: { type: 'number' },
      },
    },
    ...errors,
  },
} as const;

/** `GET /v1/version`: package, runtime and (once loaded) model versions. */
export const VERSION_ROUTE_SCHEMA = {
  response: {
    200: {
      type: 'object',
      required: ['name', 'version', 'api', 'node', 'fastify', 'engine', 'model'],
      properties: {
        name: { type: 'string' },
        version: { type: 'string' },
        api: { type: 'string' },
        node: { type: 'string' },
        fastify: { type: 'string' },
        engine: { type: 'string' },
        model: { anyOf: [modelSchema, { type: 'null' }] },
      },
    },
    ...errors,
  },
} as const;

const triple = { type: 'array', items: { type: 'number' }, minItems: 3, maxItems: 3 } as const;

/** `POST /v1/segment`: a NIfTI body in; the label map (NIfTI) or this JSON summary out. */
export const SEGMENT_ROUTE_SCHEMA = {
  querystring: {
    type: 'object',
    additionalProperties: false,
    properties: {
      modality: { type: 'string', enum: ['MRI', 'CT', 'US', 'XR'] },
    },
  },
  response: {
    200: {
      type: 'object',
      required: ['shape', 'spacingMm', 'affine', 'modality', 'labels', 'timingsMs', 'dossier'],
      properties: {
        shape: { type: 'array', items: { type: 'integer' }, minItems: 3, maxItems: 3 },
        spacingMm: triple,
        affine: { type: 'array', items: { type: 'number' }, minItems: 16, maxItems: 16 },
        modality: { type: ['string', 'null'] },
        labels: {
          type: 'array',
          items: {
            type: 'object',
            required: ['label', 'voxels', 'volumeMm3'],
            properties: { label: { type: 'integer' }, voxels: { type: 'integer' }, volumeMm3: { type: 'number' } },
          },
        },
        timingsMs: {
          type: 'object',
          required: ['decode', 'pipeline', 'stages'],
          properties: {
            decode: { type: 'number' },
            pipeline: { type: 'number' },
            stages: { type: 'object', additionalProperties: { type: 'number' } },
          },
        },
        // NOTE: the dossier's own schema belongs to xai-dossier; here it passes through whole.
        dossier: { type: 'object', additionalProperties: true },
      },
    },
    ...errors,
  },
} as const;

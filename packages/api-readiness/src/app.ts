/**
 * The Fastify application: `GET /health`, `GET /ready`, `GET /v1/version` and
 * `POST /v1/segment`, with schemas on every route, a body limit, a body-read budget (time and
 * minimum upload rate), a voxel budget checked from the NIfTI header, a bound on requests
 * worked on at once (held until a request's pipeline has stopped), problem+json errors for
 * everything (protocol-level ones included) and a draining switch.
 */
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { VolumeModality } from '@rhenium-perf/fixtures';
import { problemClientErrorHandler } from './client-error';
import { REQUEST_CHECK_MAX_MS, REQUEST_CHECK_MIN_MS, SEGMENT_BODY_TYPES } from './defaults';
import { pipelineEngine } from './engine';
import { ioParsing } from './io';
import { ApiError } from './errors';
import { chooseAnswerFormat, isSegmentBodyType, SEGMENT_ANSWER_TYPES } from './negotiate';
import { resolveServerOptions } from './options';
import { precompiledSchemaController } from './precompiled';
import { sendProblem, toApiError } from './problem';
import { InFlightGate, Readiness } from './readiness';
import { HEALTH_ROUTE_SCHEMA, PROBLEM_SCHEMA, READY_ROUTE_SCHEMA, SEGMENT_ROUTE_SCHEMA, VERSION_ROUTE_SCHEMA } from './schemas';
import { labelSummary } from './summary';
import { guardUpload } from './upload-guard';
import type { ResolvedServerOptions, SegmentSummary, ServerOptions } from './types';
import { PACKAGE_NAME, PACKAGE_VERSION } from './version';

/** The in-flight slot of one segmentation request and the signal that stops its work. */
interface SegmentSlot {
  release(): void;
  /** True while the handler decodes and runs the pipeline (the slot is then its to release). */
  working: boolean;
  readonly abort: AbortController;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the segment route's onRequest hook once a slot is taken. */
    segmentSlot?: SegmentSlot;
  }
  interface FastifyInstance {
    /** Model loading state and the draining switch of this server. */
    readiness: Readiness;
    /** Bound on segmentation requests worked on at once. */
    inFlight: InFlightGate;
    /** The options the server runs with (defaults applied). */
    serverOptions: ResolvedServerOptions;
  }
}

const gzipAsync = promisify(gzip);
/** NIFTI_INTENT_LABEL: the answer is a label map. */
const NIFTI_INTENT_LABEL = 1002;

/**
 * Build the API server (not yet listening). The model loads after `listen` by default;
 * `app.readiness` tells its state and `app.readiness.startDraining()` + `app.close()` drain.
 * @example const app = buildServer({ maxInFlight: 2 }); await app.listen({ host: '127.0.0.1', port: 0 });
 */
export function buildServer(options: ServerOptions = {}): FastifyInstance {
  // The route schemas' validators and serializers are restored from generated code (see
  // precompiled.ts, issue #17): Ajv and fast-json-stringify compile nothing at start-up.
  return buildServerWith(options, precompiledSchemaController());
}

/**
 * {@link buildServer} with the given schema compilers (Fastify's `schemaController` option;
 * `undefined`: Fastify's default compilers). For the code generator (schema-codegen.ts) and
 * the tests that compare both; not part of the package's API.
 */
export function buildServerWith(options: ServerOptions, schemaController: FastifyServerOptions['schemaController'] | undefined): FastifyInstance {
  const opts = resolveServerOptions(options);
  const engine = options.engine ?? pipelineEngine({ threads: opts.modelThreads });
  const app = Fastify({
    logger: opts.logger ? { level: 'info', stream: process.stderr } : false,
    bodyLimit: opts.bodyLimitBytes,
    requestTimeout: opts.requestTimeoutMs,
    // Node checks requestTimeout on this interval (30 s by default): keep it a fraction of
    // the timeout so a stalled request meets its 408 close to the limit.
    http: { connectionsCheckingInterval: Math.max(REQUEST_CHECK_MIN_MS, Math.min(REQUEST_CHECK_MAX_MS, Math.round(opts.requestTimeoutMs / 4) || REQUEST_CHECK_MAX_MS)) },
    // Protocol-level errors (bad request line, bad Content-Length, 408, 431) and bad URL
    // encoding are answered as problem+json with our codes, like every other error.
    clientErrorHandler: problemClientErrorHandler(opts.requestTimeoutMs),
    frameworkErrors: (err, request, reply) => sendProblem(request, reply, toApiError(err, opts.bodyLimitBytes)),
    // NOTE: draining is answered by our own onRequest hook (a problem document with a code),
    // not by Fastify's plain 503.
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    ...(schemaController ? { schemaController } : {}),
  });
  const readiness = new Readiness(engine);
  const gate = new InFlightGate(opts.maxInFlight);
  app.decorate('readiness', readiness);
  app.decorate('inFlight', gate);
  app.decorate('serverOptions', opts);
  app.addSchema(structuredClone(PROBLEM_SCHEMA));

  // NIfTI bodies arrive whole as a Buffer; the route checks the type before reading.
  app.addContentTypeParser([...SEGMENT_BODY_TYPES], { parseAs: 'buffer', bodyLimit: opts.bodyLimitBytes }, (_req, body, done) => {
    done(null, body);
  });

  app.setErrorHandler((err, request, reply) => {
    const apiErr = toApiError(err, opts.bodyLimitBytes);
    if (apiErr.code === 'RPERF_API_INTERNAL') request.log.error({ err }, 'unexpected error');
    // A body that was not read in full must not be parsed as the next request.
    if (apiErr.status === 408 || apiErr.status === 413) reply.header('connection', 'close');
    return sendProblem(request, reply, apiErr);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      new ApiError('RPERF_API_NOT_FOUND', `no route for ${request.method} ${request.url.split('?', 1)[0]}; routes: GET /health, GET /ready, GET /v1/version, POST /v1/segment`),
    ),
  );

  if (engine.close) {
    const close = engine.close.bind(engine);
    app.addHook('onClose', async () => close());
  }
  if (opts.loadOn === 'listen') app.addHook('onListen', async () => void readiness.load());
  if (opts.loadOn === 'ready') app.addHook('onReady', async () => void readiness.load());
  // While draining, every answer closes its connection: a keep-alive socket must neither
  // carry new requests nor hold app.close() open until its idle timeout.
  app.addHook('onSend', async (_request, reply, payload) => {
    if (readiness.draining) reply.header('connection', 'close');
    return payload;
  });

  app.get('/health', { schema: structuredClone(HEALTH_ROUTE_SCHEMA) }, async () => ({
    status: 'ok' as const,
    pid: process.pid,
    uptimeS: process.uptime(),
    inFlight: gate.active,
  }));

  app.get('/ready', { schema: structuredClone(READY_ROUTE_SCHEMA) }, async () => {
    if (readiness.draining) throw drainingError(opts.retryAfterS);
    const s = readiness.state;
    if (s.state === 'ready') return { status: 'ready' as const, model: s.model, loadMs: s.loadMs };
    throw s.state === 'failed' ? loadFailedError(s.error) : notReadyError(opts.retryAfterS);
  });

  app.get('/v1/version', { schema: structuredClone(VERSION_ROUTE_SCHEMA) }, async () => ({
    name: PACKAGE_NAME,
    version: PACKAGE_VERSION,
    api: 'v1',
    node: process.versions.node,
    fastify: app.version,
    engine: engine.name,
    model: readiness.model,
  }));

  app.post(
    '/v1/segment',
    {
      schema: structuredClone(SEGMENT_ROUTE_SCHEMA),
      // Refuse before the body is read: a refused 64 MiB upload costs nothing.
      onRequest: async (request, reply) => {
        if (readiness.draining) throw drainingError(opts.retryAfterS);
        if (!isSegmentBodyType(request.headers['content-type'])) {
          throw new ApiError(
            'RPERF_API_UNSUPPORTED_MEDIA_TYPE',
            `Content-Type ${JSON.stringify(request.headers['content-type'] ?? null)} is not accepted; send the NIfTI file (.nii or .nii.gz) as ${SEGMENT_BODY_TYPES.join(' or ')}`,
          );
        }
        if (chooseAnswerFormat(request.headers.accept) === null) {
          throw new ApiError(
            'RPERF_API_NOT_ACCEPTABLE',
            `Accept ${JSON.stringify(request.headers.accept)} names nothing this route answers with; use one of ${SEGMENT_ANSWER_TYPES.join(', ')}`,
          );
        }
        const s = readiness.state;
        if (s.state === 'loading') throw notReadyError(opts.retryAfterS);
        if (s.state === 'failed') throw loadFailedError(s.error);
        const release = gate.tryAcquire();
        if (!release) {
          throw new ApiError(
            'RPERF_API_BUSY',
            `the server already works on ${gate.max} segmentation requests (--max-in-flight ${gate.max}); retry after ${opts.retryAfterS} s`,
            { 'retry-after': String(opts.retryAfterS) },
          );
        }
        const slot: SegmentSlot = { release, working: false, abort: new AbortController() };
        request.segmentSlot = slot;
        // 'close' fires once the answer is sent or the client went away, whichever first.
        // While the handler works, the slot stays taken until the work has really stopped
        // (the handler releases it); before (upload, refused body) it is freed here.
        reply.raw.once('close', () => {
          if (!reply.raw.writableFinished) slot.abort.abort(new Error('the client closed the connection'));
          if (!slot.working) release();
        });
      },
      // The body-read budget: a late or too slow upload ends with 408 and frees its slot.
      preParsing: async (request) =>
        guardUpload(request.raw, { bodyTimeoutMs: opts.bodyTimeoutMs, minBytesPerS: opts.minUploadBytesPerS, rateWindowMs: opts.uploadRateWindowMs }),
    },
    async (request, reply) => {
      const slot = request.segmentSlot!;
      if (slot.abort.signal.aborted) throw clientClosedError();
      slot.working = true;
      try {
        return await segment(request, reply, slot.abort.signal);
      } finally {
        slot.working = false;
        slot.release();
      }
    },
  );

  async function segment(request: FastifyRequest, reply: FastifyReply, signal: AbortSignal): Promise<unknown> {
    const body = request.body as Buffer | undefined;
    if (!body || body.length === 0) {
      throw new ApiError('RPERF_API_EMPTY_BODY', 'the request has no body; send the NIfTI file (.nii or .nii.gz) as the body');
    }
    const modality = ((request.query as { modality?: VolumeModality }).modality ?? null) as VolumeModality | null;
    const { assertUsableImage, decodeNifti, encodeNifti1, niftiToVolume } = await ioParsing();
    const t0 = performance.now();
    // The header is checked against --max-voxels before the voxels are inflated or allocated;
    // an image with no finite voxel or a spacing that is not finite and positive is refused.
    const img = decodeNifti(body, 'request body', { maxVoxels: opts.maxVoxels });
    assertUsableImage(img, 'request body');
    const volume = niftiToVolume(img, 'request body', modality);
    const t1 = performance.now();
    let outcome;
    try {
      outcome = await engine.segment(volume, { signal, maxVoxels: opts.maxVoxels });
    } catch (err) {
      if (err instanceof ApiError) throw err;
      if (signal.aborted) throw clientClosedError();
      request.log.error({ err }, 'pipeline failed');
      throw new ApiError('RPERF_API_PIPELINE_FAILED', `the pipeline failed on a ${volume.shape.join('x')} volume: ${err instanceof Error ? err.message : String(err)}`);
    }
    const t2 = performance.now();
    const decodeMs = t1 - t0;
    const pipelineMs = t2 - t1;
    reply.header('server-timing', `decode;dur=${decodeMs.toFixed(3)}, pipeline;dur=${pipelineMs.toFixed(3)}`);
    const format = chooseAnswerFormat(request.headers.accept) ?? 'json';
    if (format !== 'json') {
      const nifti = encodeNifti1(outcome.labelMap, { intentCode: NIFTI_INTENT_LABEL, descrip: 'rhenium label map' });
      const bytes = format === 'nifti-gzip' ? await gzipAsync(nifti) : Buffer.from(nifti.buffer, nifti.byteOffset, nifti.byteLength);
      return reply.type(format === 'nifti-gzip' ? 'application/gzip' : 'application/octet-stream').send(bytes);
    }
    const summary: SegmentSummary = {
      shape: outcome.labelMap.shape,
      spacingMm: outcome.labelMap.spacingMm,
      affine: outcome.labelMap.affine,
      modality: outcome.labelMap.modality,
      labels: labelSummary(outcome.labelMap),
      timingsMs: { decode: decodeMs, pipeline: pipelineMs, stages: outcome.stagesMs },
      dossier: outcome.dossier,
    };
    return reply.type('application/json').send(summary);
  }

  return app;
}

function clientClosedError(): ApiError {
  return new ApiError('RPERF_API_CLIENT_CLOSED', 'the client closed the connection before the answer; the pipeline was stopped');
}

function notReadyError(retryAfterS: number): ApiError {
  return new ApiError('RPERF_API_NOT_READY', `the model is still loading; poll GET /ready until it answers 200 (retry after ${retryAfterS} s)`, {
    'retry-after': String(retryAfterS),
  });
}

function loadFailedError(reason: string): ApiError {
  return new ApiError('RPERF_API_MODEL_LOAD_FAILED', `the model failed to load (${reason}); fix the cause and restart the server`);
}

function drainingError(retryAfterS: number): ApiError {
  return new ApiError('RPERF_API_DRAINING', 'the server is shutting down (SIGTERM) and takes no new work; retry on another instance', {
    'retry-after': String(retryAfterS),
  });
}

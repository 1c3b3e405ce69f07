/**
 * onnxruntime's process environment.
 *
 * onnxruntime-node 1.30 on Linux records usage telemetry (Microsoft 1DS): creating its
 * environment opens a SQLite event store (`~/.cache/Microsoft/DeveloperTools/.onnxruntime/`,
 * growing with every process) and starts its threads, and the process flushes it at exit. A
 * cold `rhenium segment` paid ~25 ms for it at start-up and ~30 ms at exit, for nothing it
 * computes (issue #17); a medical-imaging tool has no business recording usage anyway.
 * `ORT_DISABLE_TELEMETRY=1` (onnxruntime's own switch) turns it off; it is set unless the
 * user set the variable, to any value, themselves.
 */

/** The variable onnxruntime reads when it creates its environment (first session of the process). */
export const ORT_TELEMETRY_ENV = 'ORT_DISABLE_TELEMETRY';

/**
 * Turn onnxruntime's telemetry off for this process (and the processes it starts), unless
 * `ORT_DISABLE_TELEMETRY` is already set. Must run before the first session is created.
 * Returns true when it set the variable.
 * @example disableOrtTelemetry() // true; process.env.ORT_DISABLE_TELEMETRY === '1'
 */
export function disableOrtTelemetry(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[ORT_TELEMETRY_ENV] !== undefined) return false;
  env[ORT_TELEMETRY_ENV] = '1';
  return true;
}

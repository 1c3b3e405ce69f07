/**
 * Entry of the child process that measures one case. The runner forks it, sends one
 * `run` message, and waits for one `result` message. Everything else is in measure.ts.
 */
import { pathToFileURL } from 'node:url';
import { casesOfModule } from './discover';
import { measureCase, type CaseMeasurement } from './measure';
import type { ChildRequest, ChildReply } from './protocol';

function reply(msg: ChildReply): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(msg, undefined, {}, () => resolve());
  });
}

function failure(error: string): CaseMeasurement {
  return {
    state: 'failed', error, skippedReason: null, warmupRuns: 0, measurementRuns: 0, batchSize: 1, samplesMs: [], processSamples: [], stageSamples: {},
    quality: {}, metadata: {}, stages: null, rssMbBefore: null, rssMbAfter: null,
    rssMbPeak: (process.resourceUsage().maxRSS * 1024) / (1024 * 1024),
  };
}

const onFatal = (kind: string) => (err: unknown): void => {
  const text = err instanceof Error ? err.message : String(err);
  void reply({ type: 'result', measurement: failure(`${kind}: ${text}`) }).then(() => process.exit(1));
};
process.on('uncaughtException', onFatal('uncaught exception'));
process.on('unhandledRejection', onFatal('unhandled rejection'));

process.once('message', async (msg: ChildRequest) => {
  let measurement: CaseMeasurement;
  try {
    const mod = (await import(pathToFileURL(msg.file).href)) as Record<string, unknown>;
    const c = casesOfModule(mod).find((x) => x.id === msg.id);
    measurement = c
      ? await measureCase(c, {
          mode: msg.mode,
          device: msg.device,
          verbose: msg.verbose,
          warmupRuns: msg.warmupRuns,
          measurementRuns: msg.measurementRuns,
          batchSize: msg.batchSize,
        })
      : failure(`case "${msg.id}" not found in ${msg.file}`);
  } catch (err) {
    measurement = failure(`cannot load ${msg.file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  await reply({ type: 'result', measurement });
  process.exit(0);
});

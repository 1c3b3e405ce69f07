/**
 * Entry of the child process that measures one case (or lists a package's cases). The
 * runner forks it, sends one request, and waits for one reply. Everything else is in
 * measure.ts and list.ts.
 */
import { pathToFileURL } from 'node:url';
import { casesOfModule } from './discover';
import { listCases } from './list';
import { measureCase } from './measure';
import { emptyMeasurement, type CaseMeasurement } from './measurement';
import { peakRssMb } from './memory';
import type { ChildReply, ChildRequest } from './protocol';

function reply(msg: ChildReply): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(msg, undefined, {}, () => resolve());
  });
}

const failure = (error: string): CaseMeasurement =>
  emptyMeasurement({ error, rssMbPeak: peakRssMb() });

const onFatal = (kind: string) => (err: unknown): void => {
  const text = err instanceof Error ? err.message : String(err);
  void reply({ type: 'result', measurement: failure(`${kind}: ${text}`) }).then(() => process.exit(1));
};
process.on('uncaughtException', onFatal('uncaught exception'));
process.on('unhandledRejection', onFatal('unhandled rejection'));

/** The runner's gate: say `ready` after setup and wait for its `go`; say `released` after the timed samples. */
const gate = {
  enter: (): Promise<void> =>
    new Promise<void>((resolve) => {
      process.on('message', function onGo(m: ChildRequest) {
        if (m && m.type === 'go') {
          process.off('message', onGo);
          resolve();
        }
      });
      void reply({ type: 'ready' });
    }),
  leave: (): void => void reply({ type: 'released' }),
};

process.once('message', async (msg: ChildRequest) => {
  if (msg.type === 'go') return;
  if (msg.type === 'list') {
    try {
      await reply({ type: 'list', cases: await listCases(msg), error: null });
    } catch (err) {
      await reply({ type: 'list', cases: [], error: err instanceof Error ? err.message : String(err) });
    }
    process.exit(0);
  }
  let measurement: CaseMeasurement;
  const importStart = performance.now();
  try {
    const mod = (await import(pathToFileURL(msg.file).href)) as Record<string, unknown>;
    const c = casesOfModule(mod).find((x) => x.id === msg.id);
    measurement = c
      ? await measureCase(c, {
          mode: msg.mode,
          device: msg.device,
          verbose: msg.verbose,
          warmupRunsPerProcess: msg.warmupRunsPerProcess,
          measuredRunsPerProcess: msg.measuredRunsPerProcess,
          ...(msg.gated ? { gate } : {}),
        })
      : failure(`case "${msg.id}" not found in ${msg.file}`);
  } catch (err) {
    measurement = failure(`cannot load ${msg.file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  measurement.phaseMs = { import: 0, ...measurement.phaseMs };
  // The bench module's import ends where measureCase's setup starts: whatever is not a
  // measured phase of the time since the request came is the import.
  const inPhases = Object.values(measurement.phaseMs).reduce((a, b) => a + b, 0);
  measurement.phaseMs.import = Math.max(0, performance.now() - importStart - inPhases);
  await reply({ type: 'result', measurement });
  process.exit(0);
});

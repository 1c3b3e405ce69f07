/**
 * Worker-thread entry of the concurrency benchmark: loads the model once (one intra-op
 * thread), builds its input, then runs pipelines on request and answers with their latencies.
 * Messages: in `{ runs }`, out `{ latenciesMs }` or `{ error }`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { syntheticVolume, type VolumeModality } from '@rhenium-perf/fixtures';
import { loadPipelineModel } from './model';
import { runPipeline } from './pipeline';

interface Init {
  modality: VolumeModality;
  shape: [number, number, number];
  outDir: string;
}

const init = workerData as Init;
const model = await loadPipelineModel({ intraOpThreads: 1 });
const volume = syntheticVolume(init.modality, init.shape).image;
parentPort!.on('message', (msg: { runs: number }) => {
  void (async () => {
    try {
      const latenciesMs: number[] = [];
      for (let r = 0; r < msg.runs; r++) {
        const t0 = performance.now();
        await runPipeline({ kind: 'volume', volume, name: 'concurrent' }, { model, outDir: init.outDir });
        latenciesMs.push(performance.now() - t0);
      }
      parentPort!.postMessage({ latenciesMs });
    } catch (e) {
      parentPort!.postMessage({ error: (e as Error).message });
    }
  })();
});
parentPort!.postMessage({ ready: true });

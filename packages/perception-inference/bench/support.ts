/**
 * Shared pieces of the perception benches: inputs, sessions, stage timing and checks.
 * (Not a bench module itself: the runner only loads `*.bench.ts`.)
 */
import { getModel, type BuiltModel, type ZooModelName } from '@rhenium-perf/onnx-models';
import { syntheticVolume, type Volume, type VolumeModality, type VolumeSizeName } from '@rhenium-perf/fixtures';
import type { BenchContext } from '@rhenium-perf/harness';
import { createSession } from '../src/session';
import type { DeviceRequest, ModelSession, StageFn } from '../src/types';

/** Per measured-run totals of the two stages, kept by the case for its overhead figure. */
export interface StageLog {
  session_run: number[];
  pre_post: number[];
}

/**
 * A StageFn that times through `ctx.stage` (the harness's per-run stage report) and also
 * sums per run into `log` (the case's own record for verify). Call `log.begin()` per run.
 */
export function stageRecorder(ctx: BenchContext): { stage: StageFn; begin(): void; log: StageLog } {
  const log: StageLog = { session_run: [], pre_post: [] };
  let cur: Record<'session_run' | 'pre_post', number> | null = null;
  const stage: StageFn = (name, fn) =>
    ctx.stage(name, () => {
      const t0 = performance.now();
      const add = (): void => {
        if (cur) cur[name] += performance.now() - t0;
      };
      const out = fn();
      if (out instanceof Promise) return out.then((v) => (add(), v)) as typeof out;
      add();
      return out;
    });
  return {
    stage,
    log,
    begin: () => {
      if (cur) {
        log.session_run.push(cur.session_run);
        log.pre_post.push(cur.pre_post);
      }
      cur = { session_run: 0, pre_post: 0 };
    },
  };
}

/** The synthetic volume of a modality and size (fixtures). */
export function benchVolume(modality: VolumeModality, size: VolumeSizeName): Volume {
  return syntheticVolume(modality, size).image;
}

/** A zoo model's session, recording model sha256, threads and device in the result. */
export async function benchSession(ctx: BenchContext, name: ZooModelName, threads?: number, device: DeviceRequest = ctx.device): Promise<{ model: BuiltModel; session: ModelSession }> {
  const model = getModel(name);
  const session = await createSession(model.bytes, { device, intraOpThreads: threads, label: `zoo:${name}` });
  ctx.record('model_name', name);
  ctx.record('model_sha256', model.sha256);
  ctx.record('model_parameters', model.parameterCount);
  ctx.record('intra_op_threads', session.intraOpThreads);
  ctx.record('execution_device', session.device);
  if (session.deviceReason) ctx.record('device_reason', session.deviceReason);
  return { model, session };
}

/** State of a whole-volume model case: one session, its model, the input volume, a stage recorder. */
export interface VolumeModelState {
  session: ModelSession;
  model: BuiltModel;
  volume: Volume;
  rec: ReturnType<typeof stageRecorder>;
}

/** Setup of a whole-volume model case (outside the timed region). */
export async function volumeModelSetup(ctx: BenchContext, name: ZooModelName, modality: VolumeModality, size: VolumeSizeName): Promise<VolumeModelState> {
  const { session, model } = await benchSession(ctx, name);
  return { session, model, volume: benchVolume(modality, size), rec: stageRecorder(ctx) };
}


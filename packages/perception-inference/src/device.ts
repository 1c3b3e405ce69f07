/**
 * From a device request to onnxruntime execution providers.
 *
 * CUDA is probed by the harness's `detectCuda` (nvidia-smi answers and onnxruntime-node
 * carries its CUDA provider library). `cuda` without it is a typed error before any native
 * call; `auto` falls back to the CPU and says why.
 */
import { detectCuda } from '@rhenium-perf/harness';
import { PerceptionError } from './errors';
import type { DeviceKind, DeviceRequest } from './types';

/** A resolved device: what to ask onnxruntime for, and why. */
export interface ResolvedDevice {
  readonly device: DeviceKind;
  readonly executionProviders: readonly string[];
  /** Why this device when it was chosen for the caller (auto), else null. */
  readonly reason: string | null;
}

/** Whether the CUDA execution provider can be used here, and why not. */
export function cudaStatus(): { available: boolean; reason: string } {
  const s = detectCuda();
  return { available: s.available, reason: s.reason };
}

/**
 * Resolve a device request.
 * @example resolveExecutionDevice('auto') // { device: 'cpu', executionProviders: ['cpu'], reason: 'auto: using cpu because ...' } on a machine without CUDA
 */
export function resolveExecutionDevice(request: DeviceRequest = 'cpu'): ResolvedDevice {
  if (request === 'cpu') return { device: 'cpu', executionProviders: ['cpu'], reason: null };
  if (request !== 'cuda' && request !== 'auto') {
    throw new PerceptionError('RPERF_PERCEPTION_INVALID_OPTIONS', `device must be 'cpu', 'cuda' or 'auto', received ${JSON.stringify(request)}`);
  }
  const cuda = cudaStatus();
  if (request === 'cuda') {
    if (!cuda.available) throw new PerceptionError('RPERF_DEVICE_UNAVAILABLE', `--device cuda: ${cuda.reason}; use --device cpu or --device auto`);
    return { device: 'cuda', executionProviders: ['cuda', 'cpu'], reason: null };
  }
  return cuda.available
    ? { device: 'cuda', executionProviders: ['cuda', 'cpu'], reason: `auto: ${cuda.reason}` }
    : { device: 'cpu', executionProviders: ['cpu'], reason: `auto: using cpu because ${cuda.reason}` };
}

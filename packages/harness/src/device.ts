/**
 * Device resolution: `cpu`, `cuda` or `auto`.
 *
 * CUDA means onnxruntime's CUDA execution provider. It is usable when an NVIDIA driver
 * answers (`nvidia-smi`) and the installed onnxruntime-node carries the CUDA provider
 * library (it is only installed with ONNXRUNTIME_NODE_INSTALL=cuda12).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DeviceInfo, DeviceKind, DeviceRequest } from '@rhenium-perf/schema';
import { HarnessError } from './errors';

/** Whether CUDA can be used, and why not. */
export interface CudaStatus {
  available: boolean;
  reason: string;
  gpu: string | null;
  gpuCount: number;
  vramGb: number | null;
  driver: string | null;
}

let cached: CudaStatus | null = null;

/** Probe for CUDA once per process. Never throws. */
export function detectCuda(): CudaStatus {
  if (cached) return cached;
  if (process.env.RHENIUM_PERF_FORCE_NO_CUDA === '1') {
    cached = { available: false, reason: 'CUDA disabled by RHENIUM_PERF_FORCE_NO_CUDA=1', gpu: null, gpuCount: 0, vramGb: null, driver: null };
    return cached;
  }
  let out: string;
  try {
    out = execFileSync('nvidia-smi', ['--query-gpu=name,memory.total,driver_version', '--format=csv,noheader,nounits'], {
      encoding: 'utf8',
      timeout: 5000,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    cached = { available: false, reason: 'no NVIDIA GPU found (nvidia-smi is missing or reports no device)', gpu: null, gpuCount: 0, vramGb: null, driver: null };
    return cached;
  }
  const rows = out.trim().split('\n').filter(Boolean).map((l) => l.split(',').map((s) => s.trim()));
  if (rows.length === 0) {
    cached = { available: false, reason: 'nvidia-smi reports no GPU', gpu: null, gpuCount: 0, vramGb: null, driver: null };
    return cached;
  }
  const [name, memMb, driver] = rows[0]!;
  const base = { gpu: name ?? null, gpuCount: rows.length, vramGb: memMb ? Number(memMb) / 1024 : null, driver: driver ?? null };
  if (!onnxruntimeHasCuda()) {
    cached = {
      available: false,
      reason: 'onnxruntime-node was installed without the CUDA execution provider (reinstall with ONNXRUNTIME_NODE_INSTALL=cuda12)',
      ...base,
    };
    return cached;
  }
  cached = { available: true, reason: `CUDA available on ${name}`, ...base };
  return cached;
}

function onnxruntimeHasCuda(): boolean {
  try {
    const require = createRequire(import.meta.url);
    const root = path.dirname(require.resolve('onnxruntime-node/package.json', { paths: [process.cwd()] }));
    const bin = path.join(root, 'bin');
    const stack = [bin];
    while (stack.length > 0) {
      const d = stack.pop()!;
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) stack.push(path.join(d, e.name));
        else if (/onnxruntime_providers_cuda/.test(e.name)) return true;
      }
    }
  } catch {
    return false;
  }
  return false;
}

/**
 * Resolve a requested device. `cuda` without CUDA is a usage error (exit 2); `auto` falls
 * back to cpu and says why.
 */
export function resolveDevice(requested: DeviceRequest, status: CudaStatus = detectCuda()): DeviceInfo {
  if (requested === 'cpu') return { requested, resolved: 'cpu', reason: null };
  if (requested === 'cuda') {
    if (!status.available) {
      throw new HarnessError('RPERF_DEVICE_UNAVAILABLE', `--device cuda: ${status.reason}; use --device cpu or --device auto`);
    }
    return { requested, resolved: 'cuda', reason: status.reason };
  }
  const resolved: DeviceKind = status.available ? 'cuda' : 'cpu';
  return { requested, resolved, reason: status.available ? status.reason : `auto: using cpu because ${status.reason}` };
}

/**
 * Environment capture, once per run: runtime, machine, GPU and the git state of the code.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Environment, SourceInfo } from '@rhenium-perf/schema';
import { detectCuda } from './device';

/**
 * The machine fingerprint: first 16 hex digits of sha256("node|cpu model|cpu count").
 * Baselines made on another fingerprint are not comparable.
 */
export function machineFingerprint(): string {
  const cpus = os.cpus();
  const key = `${process.version}|${cpus[0]?.model ?? 'unknown'}|${cpus.length}`;
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 16);
}

function onnxruntimeVersion(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const file = require.resolve('onnxruntime-node/package.json', { paths: [process.cwd()] });
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** Capture the environment of this process's machine. */
export function captureEnvironment(): Environment {
  const cpus = os.cpus();
  const cuda = detectCuda();
  return {
    node: process.version,
    v8: process.versions.v8,
    onnxruntime: onnxruntimeVersion(),
    os: `${os.type()} ${os.platform()}`,
    os_version: os.release(),
    arch: os.arch(),
    cpu: cpus[0]?.model?.trim() ?? 'unknown',
    cpu_count: Math.max(1, cpus.length),
    ram_gb: Math.round((os.totalmem() / 2 ** 30) * 100) / 100,
    gpu: cuda.gpu,
    gpu_count: cuda.gpuCount,
    vram_gb: cuda.vramGb,
    cuda: cuda.driver,
    machine_fingerprint: machineFingerprint(),
  };
}

function git(args: string[], cwd: string): string | null {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).trim();
  } catch {
    return null;
  }
}

/**
 * The code under test: version, git sha, branch and dirty flag of `cwd`'s repository (null
 * outside one), and `config_hash`, the first 16 hex digits of sha256 of the run
 * configuration (mode, device, selection, run counts), so runs made with different settings
 * are told apart.
 */
export function captureSourceInfo(version: string, config: Record<string, unknown>, cwd: string = process.cwd()): SourceInfo {
  const sha = git(['rev-parse', 'HEAD'], cwd);
  const branch = git(['rev-parse', '--abbrev-ref', 'HEAD'], cwd);
  const status = sha === null ? null : git(['status', '--porcelain', '--untracked-files=no'], cwd);
  const canonical = JSON.stringify(config, Object.keys(config).sort());
  return {
    version,
    git_sha: sha,
    branch,
    dirty: status === null ? null : status.length > 0,
    config_hash: crypto.createHash('sha256').update(canonical).digest('hex').slice(0, 16),
  };
}

/** Read a package.json's name and version. */
export function readPackageRef(packageRoot: string): { name: string; version: string } {
  const pj = JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: pj.name, version: pj.version };
}

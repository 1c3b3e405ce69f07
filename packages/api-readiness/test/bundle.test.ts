/**
 * dist/server.js bundles Fastify and the pipeline's workspace packages (tsup.config.ts, issue #17): the server built by the
 * package's own server config, into a temporary folder of the package, starts and answers as
 * the server from the sources does (JSON answers minus timings, problems, 404, a validation
 * error, the help and a usage error). The model stays on the main thread here
 * (RHENIUM_API_MODEL_WORKER=0): the temporary folder has no engine-worker.js.
 */
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'tsup';
import { syntheticVolume } from '@rhenium-perf/fixtures';
import { encodeNifti1 } from '@rhenium-perf/io-parsing';
import { serverConfig } from '../tsup.config';
import { httpRequest, serverEntry } from '../src/index';

const packageDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const nifti = Buffer.from(encodeNifti1(syntheticVolume('CT', 'tiny').image));
/** Without what differs between two processes (times, pid, the dossier's id and date). */
const stable = (s: string): string =>
  s.replace(/"(uptimeS|pid|decode|pipeline|loadMs|id|created_at|[a-z_]*_ms|preprocess|segment|measure|dossier)":("[^"]*"|[0-9.e+-]+)/g, '"$1":0');

let outDir = '';
beforeAll(async () => {
  // NOTE: tsup reads package.json (the externals) and resolves the entry from the working folder.
  const cwd = process.cwd();
  process.chdir(packageDir);
  try {
    outDir = fs.mkdtempSync(path.join(packageDir, '.bundle-test-'));
    await build({ ...serverConfig, outDir, config: false, silent: true });
  } finally {
    process.chdir(cwd);
  }
}, 120_000);
afterAll(() => {
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

/** Start a server process, wait for its ready event, send the requests, stop it. */
async function answers(command: string, args: readonly string[]): Promise<string[]> {
  const child = spawn(command, [...args, '--port', '0'], { cwd: packageDir, env: { ...process.env, RHENIUM_API_MODEL_WORKER: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        const listening = /"url":"([^"]+)"/.exec(out);
        if (listening && out.includes('"event":"ready"')) resolve(listening[1]!);
      });
      void exited.then(() => reject(new Error(`${args.join(' ')} exited before ready: ${out}`)));
    });
    const requests: [string, string, Buffer | undefined, Record<string, string>][] = [
      ['GET', '/health', undefined, {}],
      ['GET', '/ready', undefined, {}],
      ['GET', '/v1/version', undefined, {}],
      ['GET', '/nowhere', undefined, {}],
      ['POST', '/v1/segment?modality=CT', nifti, { 'content-type': 'application/octet-stream' }],
      ['POST', '/v1/segment?modality=ct', nifti, { 'content-type': 'application/octet-stream' }],
      ['POST', '/v1/segment', nifti, { 'content-type': 'application/octet-stream', accept: 'application/octet-stream' }],
    ];
    const res: string[] = [];
    for (const [method, path, body, headers] of requests) {
      const a = await httpRequest(url + path, { method, headers, ...(body ? { body } : {}) });
      const type = String(a.headers['content-type'] ?? '');
      res.push(`${method} ${path} ${a.status} ${type} ${type.includes('json') ? stable(a.body.toString()) : a.body.toString('base64')}`);
    }
    return res;
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

describe('the bundled server (dist/server.js)', () => {
  it('bundles Fastify and the pipeline, keeps the lazily required and KEEP_EXTERNAL packages outside', () => {
    const code = fs
      .readdirSync(outDir)
      .filter((f) => f.endsWith('.js'))
      .map((f) => fs.readFileSync(path.join(outDir, f), 'utf8'))
      .join('\n');
    expect(code).toMatch(/node_modules\/fastify\/fastify\.js/);
    expect(code).not.toMatch(/node_modules\/(ajv|pino|light-my-request)\//);
    // The workspace packages on the model's path are bundled (tsup.config.ts), but the five kept outside.
    expect(code).not.toMatch(/from ?"@rhenium-perf\/(harness|e2e-core-model|perception-inference)/);
    expect(code).toMatch(/from ?"@rhenium-perf\/onnx-models"/);
    expect(code).toMatch(/import\("@rhenium-perf\/xai-dossier"\)/);
    // onnxruntime-node through require (the native addon is never bundled).
    expect(code).toMatch(/\("onnxruntime-node"\)/);
    expect(code).not.toMatch(/node_modules\/onnxruntime-(node|common)\//);
    // node:https and node:http2 (Fastify's server.js) and semver only on first use.
    expect(code).toMatch(/m ?\?\?= ?__require\("node:https"\)/);
    expect(code).not.toMatch(/https ?= ?__require\("node:https"\)/);
    expect(code).toMatch(/m ?\?\?= ?__require\("semver"\)/);
    expect(code).not.toMatch(/node_modules\/semver\//);
  });

  it('answers as the server from the sources', async () => {
    const source = serverEntry(true);
    const [fromSource, bundled] = [await answers(source.command, source.args), await answers(process.execPath, [path.join(outDir, 'server.js')])];
    expect(bundled).toEqual(fromSource);
    expect(bundled.map((a) => a.split(' ').slice(0, 3).join(' '))).toEqual([
      'GET /health 200',
      'GET /ready 200',
      'GET /v1/version 200',
      'GET /nowhere 404',
      'POST /v1/segment?modality=CT 200',
      'POST /v1/segment?modality=ct 400',
      'POST /v1/segment 200',
    ]);
  }, 180_000);

  it('prints the same help and usage errors', () => {
    const source = serverEntry(true);
    for (const args of [['--help'], ['--port', '-1']]) {
      const [a, b] = [
        spawnSync(source.command, [...source.args, ...args], { cwd: packageDir, encoding: 'utf8' }),
        spawnSync(process.execPath, [path.join(outDir, 'server.js'), ...args], { cwd: packageDir, encoding: 'utf8' }),
      ];
      expect({ status: b.status, stdout: b.stdout, stderr: b.stderr }).toEqual({ status: a.status, stdout: a.stdout, stderr: a.stderr });
    }
  }, 60_000);
});

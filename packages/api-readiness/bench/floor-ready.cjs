'use strict';
/**
 * The floor of the API's time to ready (issue #17): what Node, onnxruntime-node and a bare
 * `node:http` server take by themselves, none of our code. It does only:
 * 1. require onnxruntime-node, telemetry off unless the variable is set (perception-inference's
 *    rule, src/ort-env.ts there);
 * 2. read the model file and create an InferenceSession from its bytes, with the session
 *    options of perception-inference's `openSession` for device 'cpu' (src/session.ts there)
 *    and the server's intra-op threads;
 * 3. listen on 127.0.0.1, an OS-chosen port, and print the server's listening line
 *    ({"event":"listening","url":"http://127.0.0.1:PORT","pid":...,"startupMs":...});
 * 4. answer GET /ready 200 with {"status":"ready","inputs":[...],"outputs":[...]} (the
 *    session's names), anything else 404; SIGTERM/SIGINT close it.
 *
 * usage: node floor-ready.cjs <model.onnx> <intra-op threads>
 * Any failure (unreadable model, a session error) is one line on stderr and exit 1.
 *
 * Plain CommonJS and no dependency of its own. bench/ready.bench.ts alternates it with the real
 * server, both measured by the same spawn -> listening line -> /ready 200 polling.
 */
if (process.env.ORT_DISABLE_TELEMETRY === undefined) process.env.ORT_DISABLE_TELEMETRY = '1';
const ort = require('onnxruntime-node');
const fs = require('node:fs');
const http = require('node:http');

function fail(message) {
  process.stderr.write(`floor-ready: ${message}\n`);
  process.exit(1);
}

const [modelPath, threadsArg] = process.argv.slice(2);
if (!modelPath || !threadsArg) fail('usage: node floor-ready.cjs <model.onnx> <intra-op threads>');
const threads = Number(threadsArg);
if (!Number.isInteger(threads) || threads < 1) fail(`intra-op threads must be an integer >= 1, received ${JSON.stringify(threadsArg)}`);

async function main() {
  const buf = fs.readFileSync(modelPath);
  const session = await ort.InferenceSession.create(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    logSeverityLevel: 3,
  });
  const body = JSON.stringify({ status: 'ready', inputs: session.inputNames, outputs: session.outputNames });
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/ready') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    } else {
      res.writeHead(404, { 'content-length': 0 });
      res.end();
    }
  });
  server.on('error', (e) => fail(`cannot listen: ${e.message}`));
  server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    process.stdout.write(JSON.stringify({ event: 'listening', url: `http://127.0.0.1:${port}`, pid: process.pid, startupMs: performance.now() }) + '\n');
  });
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((e) => fail(e && e.message ? e.message : String(e)));

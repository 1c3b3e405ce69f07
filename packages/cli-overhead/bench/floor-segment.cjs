'use strict';
/**
 * The floor of a cold `rhenium segment` (issue #17): what Node and onnxruntime-node take by
 * themselves, none of the tool's code. It does only:
 * 1. require onnxruntime-node (as the tool does, with `require`), telemetry off unless the
 *    variable is set (perception-inference's rule, src/ort-env.ts there);
 * 2. read the model file and create an InferenceSession from its bytes, with the session
 *    options of perception-inference's `openSession` for device 'cpu' (src/session.ts there);
 * 3. run it once on a float32 input of the given shape [1, 1, D, H, W];
 * 4. check the output, release the session, print one JSON line and exit.
 *
 * usage: node floor-segment.cjs <model.onnx> <D>x<H>x<W> <intra-op threads> <classes>
 * prints: {"output":"probabilities","dims":[1,4,8,16,16],"finite":true}
 * Any failure (unreadable model, a session or run error, an output of another shape or with a
 * non-finite value) is one line on stderr and exit 1.
 *
 * Plain CommonJS and no dependency of its own: `node` starts it as a script with the least
 * loading. bench/segment.bench.ts alternates it with the real `rhenium segment`.
 */
if (process.env.ORT_DISABLE_TELEMETRY === undefined) process.env.ORT_DISABLE_TELEMETRY = '1';
const ort = require('onnxruntime-node');
const fs = require('node:fs');

function fail(message) {
  process.stderr.write(`floor-segment: ${message}\n`);
  process.exit(1);
}

const [modelPath, shapeArg, threadsArg, classesArg] = process.argv.slice(2);
if (!modelPath || !shapeArg || !threadsArg || !classesArg) fail('usage: node floor-segment.cjs <model.onnx> <D>x<H>x<W> <intra-op threads> <classes>');
const spatial = shapeArg.split('x').map(Number);
const threads = Number(threadsArg);
const classes = Number(classesArg);
if (spatial.length !== 3 || !spatial.every((n) => Number.isInteger(n) && n > 0)) fail(`shape must be DxHxW of positive integers, received ${JSON.stringify(shapeArg)}`);
if (!Number.isInteger(threads) || threads < 1) fail(`intra-op threads must be an integer >= 1, received ${JSON.stringify(threadsArg)}`);
if (!Number.isInteger(classes) || classes < 1) fail(`classes must be an integer >= 1, received ${JSON.stringify(classesArg)}`);

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
  const voxels = spatial[0] * spatial[1] * spatial[2];
  const data = new Float32Array(voxels);
  // A smooth ramp in [0, 1] (the tool's input is a normalised volume); the values do not change the work.
  for (let i = 0; i < voxels; i++) data[i] = (i % 97) / 96;
  const input = new ort.Tensor('float32', data, [1, 1, ...spatial]);
  const out = await session.run({ [session.inputNames[0]]: input });
  const name = session.outputNames[0];
  const y = out[name];
  const expected = [1, classes, ...spatial];
  if (!y || y.dims.join() !== expected.join()) fail(`output "${name}" has dims [${y ? y.dims.join(', ') : 'none'}], expected [${expected.join(', ')}]`);
  let finite = true;
  for (const v of y.data) if (!Number.isFinite(v)) finite = false;
  if (!finite) fail(`output "${name}" holds a non-finite value`);
  await session.release();
  // Exit once the line is flushed, as `rhenium` does (its src/rhenium.ts).
  process.stdout.write(JSON.stringify({ output: name, dims: [...y.dims], finite }) + '\n', () => process.exit(0));
}

main().catch((e) => fail(e && e.message ? e.message : String(e)));

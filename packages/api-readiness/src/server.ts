#!/usr/bin/env node
/**
 * The server process: `node dist/server.js --port 0` prints
 * {"event":"listening","url":"http://127.0.0.1:PORT",...} on stdout, then serves until
 * SIGTERM drains it. All the work is in serve.ts.
 */
import { serve } from './serve';

const code = await serve(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
// NOTE: exit explicitly: onnxruntime's thread pool may keep the event loop alive after close.
process.exit(code);

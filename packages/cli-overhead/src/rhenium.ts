#!/usr/bin/env node
import { runRhenium } from './main';

const code = await runRhenium(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
process.exitCode = code;
// NOTE (issue #17): once the command is done and stdout and stderr are flushed (the callbacks
// of an empty write run after every earlier write), the process exits at once. Left to end by
// itself, Node tore down the environment first (finalizers of the native objects, the V8 heap,
// the platform's threads): after `rhenium segment` (onnxruntime loaded) 40-100 ms between the
// 'exit' event and exit_group under strace on the loaded 2-core machine, ~6% of the wall time
// of a cold segment and ~7% of `rhenium --version` (20 alternated pairs each). Every output
// file is written (and renamed into place) before runRhenium returns.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));

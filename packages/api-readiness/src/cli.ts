#!/usr/bin/env node
import { runBenchCli } from '@rhenium-perf/harness';
process.exitCode = await runBenchCli({ packageRoot: new URL('..', import.meta.url) });

#!/usr/bin/env node
import { removeTempsOnSignals } from '@rhenium-perf/harness';
import { main } from './main';

removeTempsOnSignals();
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
import { runRhenium } from './main';

process.exitCode = await runRhenium(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });

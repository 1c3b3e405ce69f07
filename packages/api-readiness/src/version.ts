/**
 * This package's name and version, read once from its package.json (works from the sources
 * and from dist/, which are both one level below the package root).
 */
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { name: string; version: string };

/** `@rhenium-perf/api-readiness`. */
export const PACKAGE_NAME: string = pkg.name;
/** The package version shown by `GET /v1/version`. */
export const PACKAGE_VERSION: string = pkg.version;

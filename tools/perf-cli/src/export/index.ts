export { NS_PER_MS, toBmf } from './bmf';
export type { BmfDocument, BmfMetric } from './bmf';
export { toGithubActionBenchmark, toGithubActionBenchmarkBiggerIsBetter } from './github-action-benchmark';
export type { GithubActionBenchmarkEntry } from './github-action-benchmark';
export { bmfSchema, githubActionBenchmarkSchema, validateExport } from './schemas';

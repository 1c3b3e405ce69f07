/**
 * Memory readings of a measuring process, in MiB: the resident set now, and its peak so far
 * (`getrusage` maxRSS, which the kernel reports in KiB).
 */
import { BYTES_PER_MB } from './defaults';

/** The resident set size of this process now, in MiB. */
export const rssMb = (): number => process.memoryUsage.rss() / BYTES_PER_MB;

/** The peak resident set size of this process so far, in MiB. */
export const peakRssMb = (): number => (process.resourceUsage().maxRSS * 1024) / BYTES_PER_MB;

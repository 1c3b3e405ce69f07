/**
 * Memory of another process from /proc/<pid>/status (Linux): resident set now (VmRSS) and
 * its high-water mark (VmHWM), the figures `ps` and `top` show.
 */
import { readFileSync } from 'node:fs';
import { KIB_PER_MIB } from './defaults';

/** Resident memory of a process, MiB; null fields where /proc does not say. */
export interface ProcessMemory {
  readonly rssMb: number | null;
  readonly hwmMb: number | null;
}

/**
 * Read VmRSS and VmHWM of a process. Null (both) off Linux or when the process is gone.
 * @example processMemory(process.pid) // { rssMb: 61.2, hwmMb: 64.0 }
 */
export function processMemory(pid: number): ProcessMemory {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return { rssMb: null, hwmMb: null };
  }
  return { rssMb: statusKb(text, 'VmRSS'), hwmMb: statusKb(text, 'VmHWM') };
}

/** A `Name:   1234 kB` field of /proc/<pid>/status, in MiB. */
export function statusKb(status: string, field: string): number | null {
  const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
  return m ? Number(m[1]) / KIB_PER_MIB : null;
}

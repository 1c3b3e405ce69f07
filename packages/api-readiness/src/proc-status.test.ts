import { describe, expect, it } from 'vitest';
import { processMemory, statusKb } from './proc-status';

describe('/proc/<pid>/status memory', () => {
  it('parses kB fields into MiB', () => {
    const status = 'Name:\tnode\nVmPeak:\t 1000 kB\nVmHWM:\t   204800 kB\nVmRSS:\t  102400 kB\n';
    expect(statusKb(status, 'VmHWM')).toBe(200);
    expect(statusKb(status, 'VmRSS')).toBe(100);
    expect(statusKb(status, 'VmSwap')).toBeNull();
  });

  it.runIf(process.platform === 'linux')('agrees with process.memoryUsage().rss for this process (within 10 MiB)', () => {
    const m = processMemory(process.pid);
    const rss = process.memoryUsage.rss() / (1024 * 1024);
    expect(Math.abs(m.rssMb! - rss)).toBeLessThan(10);
    expect(m.hwmMb!).toBeGreaterThanOrEqual(m.rssMb! - 1e-9);
  });

  it('a process that does not exist gives nulls', () => {
    expect(processMemory(2 ** 30)).toEqual({ rssMb: null, hwmMb: null });
  });
});

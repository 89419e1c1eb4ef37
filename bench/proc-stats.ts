import { readFileSync } from 'node:fs';

/**
 * The worker's own process accounting from /proc (Linux): CPU as utime + stime, memory as RSS
 * and VmHWM (the kernel's peak RSS). Read from outside, so measuring costs the worker nothing.
 */
export interface ProcSample {
  /** user + system CPU seconds since the process started. */
  cpuSeconds: number;
  rssBytes: number;
  /** Peak RSS over the process's life so far. */
  hwmBytes: number;
}

// Linux reports CPU in clock ticks; USER_HZ is 100 on every mainstream architecture.
const TICKS_PER_SECOND = 100;

export function readProc(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) may contain spaces; the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
    return {
      cpuSeconds: ticks / TICKS_PER_SECOND,
      rssBytes: kb('VmRSS') * 1024,
      hwmBytes: kb('VmHWM') * 1024,
    };
  } catch {
    return undefined; // the process has exited
  }
}

/**
 * Samples a process every `everyMs` while it runs, keeping the peak RSS it saw, the RSS over
 * time (bounded memory shows as a plateau, a leak as a slope) and the last sample (a process
 * that just exited can no longer be read, so marks use what was seen last).
 */
export class ProcSampler {
  peakRssBytes = 0;
  last: ProcSample | undefined;
  readonly rss: { at: number; bytes: number }[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs = 200,
  ) {
    this.timer = setInterval(() => this.sample(), everyMs);
    this.sample();
  }

  sample(): ProcSample | undefined {
    const s = readProc(this.pid);
    // Just after spawn, before exec completes, /proc may lack the Vm* lines: skip that sample.
    if (s && Number.isFinite(s.rssBytes) && Number.isFinite(s.hwmBytes)) {
      this.last = s;
      this.rss.push({ at: Date.now(), bytes: s.rssBytes });
      this.peakRssBytes = Math.max(this.peakRssBytes, s.rssBytes, s.hwmBytes);
    }
    return this.last;
  }

  /** The RSS last sampled at or before `at` (wall ms). */
  rssAt(at: number): number {
    let bytes = 0;
    for (const s of this.rss) if (s.at <= at) bytes = s.bytes;
    return bytes;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

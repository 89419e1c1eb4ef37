import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** Test runs (vitest, npm test's lint and type checks), connectors, builds. */
const BUSY = /vitest|dist\/main\.js|npm (run )?test|npm run check|biome|madge|\btsc\b/;

const parentOf = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
};

/** This process and the ones that started it (npm run bench, its shell): not "other" activity. */
function ancestors(): Set<number> {
  const out = new Set<number>();
  for (let pid: number | undefined = process.pid; pid && !out.has(pid); pid = parentOf(pid)) {
    out.add(pid);
  }
  return out;
}

/** Processes of that kind running now, except the bench's own (`ours`), as "pid command". */
export function otherActivity(ours: Set<number>): string[] {
  const found: string[] = [];
  const mine = ancestors();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || mine.has(pid) || ours.has(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (BUSY.test(cmd)) found.push(`${pid} ${cmd.slice(0, 120)}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/**
 * Other test runs or connectors compete for the machine's 2 cores and skew every figure; the
 * watch looks every few seconds for the whole run, so the report can say whether to trust it.
 */
export class ActivityWatch {
  readonly seen = new Map<number, string>();
  private readonly timer: NodeJS.Timeout;

  constructor(ours: () => Set<number>, everyMs = 5000) {
    const look = () => {
      for (const line of otherActivity(ours())) this.seen.set(Number.parseInt(line, 10), line);
    };
    look();
    this.timer = setInterval(look, everyMs);
    this.timer.unref();
  }

  stop(): string[] {
    clearInterval(this.timer);
    return [...this.seen.values()];
  }
}

export const machine = () => ({
  cpus: cpus().length,
  node: process.version,
  loadAverage: loadavg(),
});

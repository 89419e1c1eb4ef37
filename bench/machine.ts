import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/**
 * Other test runs or connectors on the machine compete for its 2 cores and skew every figure;
 * the report names them so a reader knows whether to trust a run.
 */
export function otherActivity(ours: Set<number>): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid || ours.has(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
      if (/vitest|dist\/main\.js/.test(cmd)) found.push(`${pid} ${cmd.slice(0, 120)}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

export const machine = () => ({
  cpus: cpus().length,
  node: process.version,
  loadAverage: loadavg(),
});

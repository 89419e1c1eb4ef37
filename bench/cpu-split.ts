import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { liveWorkers } from './worker-process.js';

/**
 * Where the machine's CPU went during a measured window, by role. On two cores the connector,
 * DynamoDB Local and Kafka all compete; a ceiling loop runs without one of them. This split is
 * the evidence for how close the connector can get: if the cores are full, it cannot go faster
 * without using less CPU per record.
 */
export type Role = 'connector' | 'dynamodb' | 'kafka' | 'bench' | 'other';

export interface CpuSplit {
  cores: number;
  seconds: number;
  /** Share of all cores that was busy, 0..1. */
  busy: number;
  /** Share of all cores used by each role, 0..1 (sums to about `busy`). */
  byRole: Record<Role, number>;
}

const TICKS_PER_SECOND = 100;

function roleOf(pid: number, cmdline: string, connectors: Set<number>): Role {
  if (connectors.has(pid)) return 'connector';
  if (pid === process.pid) return 'bench';
  if (/DynamoDBLocal|LocalhostDynamoDbLocal/.test(cmdline)) return 'dynamodb';
  if (/kafka\.Kafka/.test(cmdline)) return 'kafka';
  return 'other';
}

interface Snapshot {
  at: number;
  /** Machine-wide busy ticks (all cores), from /proc/stat. */
  busyTicks: number;
  perPid: Map<number, { role: Role; ticks: number }>;
}

function machineBusyTicks(): number {
  const [, ...fields] = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = fields.map(Number);
  return [user, nice, system, irq, softirq, steal].reduce<number>((a, b) => a + (b ?? 0), 0);
}

function snapshot(connectors: Set<number>): Snapshot {
  const perPid = new Map<number, { role: Role; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      perPid.set(pid, {
        role: roleOf(pid, cmdline, connectors),
        ticks: Number(fields[11]) + Number(fields[12]),
      });
    } catch {
      // exited meanwhile
    }
  }
  return { at: performance.now(), busyTicks: machineBusyTicks(), perPid };
}

const connectorPids = () => new Set([...liveWorkers].map((w) => w.pid));

/** Starts a window now; `end()` closes it (call it before stopping the workers measured). */
export function cpuWindow(): { end(): CpuSplit } {
  const start = snapshot(connectorPids());
  return {
    end() {
      const end = snapshot(connectorPids());
      const cores = cpus().length;
      const seconds = (end.at - start.at) / 1000;
      const capacity = seconds * TICKS_PER_SECOND * cores || 1;
      const byRole: Record<Role, number> = {
        connector: 0,
        dynamodb: 0,
        kafka: 0,
        bench: 0,
        other: 0,
      };
      for (const [pid, e] of end.perPid) {
        // A process started inside the window counts from zero.
        const before = start.perPid.get(pid)?.ticks ?? 0;
        byRole[e.role] += Math.max(0, e.ticks - before) / capacity;
      }
      return { cores, seconds, busy: (end.busyTicks - start.busyTicks) / capacity, byRole };
    },
  };
}

/**
 * A row of the report's CPU table: busy %, each role's %, and the CPU seconds per 100,000
 * records of the process doing the work measured (`doer`: the connector, or the bench's own
 * loop for a ceiling), which is how the connector's cost compares with the bare loops'.
 */
export function splitRow(
  what: string,
  s: CpuSplit,
  records: number,
  doer: Role,
): (string | number)[] {
  const pct = (v: number) => Math.round(v * 100);
  const r = s.byRole;
  const per100k = (r[doer] * s.cores * s.seconds * 100_000) / Math.max(1, records);
  return [
    what,
    pct(s.busy),
    pct(r.connector),
    pct(r.dynamodb),
    pct(r.kafka),
    pct(r.bench),
    pct(r.other),
    per100k.toFixed(1),
  ];
}

export const SPLIT_HEADERS = [
  'window',
  'busy %',
  'connector',
  'DynamoDB Local',
  'Kafka',
  'bench',
  'other',
  'CPU s/100k of the doer',
];

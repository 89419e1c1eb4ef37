import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SPLIT_HEADERS, splitRow } from './cpu-split.js';
import type { IdleFigures } from './idle-bench.js';
import type { InitSyncFigures } from './init-sync-bench.js';
import {
  type InitSyncUnderWritesFigures,
  renderInitSyncUnderWrites,
} from './init-sync-writes-bench.js';
import type { LatencyFigures } from './latency-bench.js';
import type { BenchOptions } from './options.js';
import type { ReconcileFigures, ReconcileRun } from './reconcile-bench.js';
import type { SyncFigures } from './sync-bench.js';
import { fixed, formatTable, int } from './table-format.js';
import type { TargetResult } from './targets.js';

export interface BenchReport {
  startedAt: string;
  wallMs: number;
  options: BenchOptions;
  machine: {
    cpus: number;
    node: string;
    loadAverageAtStart: number[];
    loadAverageAtEnd: number[];
    /** Test runs, builds or other workers seen while the bench ran: its figures are then skewed. */
    otherActivity: string[];
  };
  stack: { mode: string; endpoints: Record<string, string>; started: string[] };
  load: { items: number; avgItemBytes: number; ms: number; perSec: number };
  initSync: InitSyncFigures[];
  /** INIT_SYNC of the same table under a writer; absent in reports of earlier versions. */
  initSyncUnderWrites?: InitSyncUnderWritesFigures[];
  /** The memory run (--large) only. */
  reconcile?: ReconcileFigures;
  sync?: SyncFigures;
  latency: LatencyFigures[];
  idle?: IdleFigures;
  targets: TargetResult[];
  /** Whatever went wrong, when a measurement could not finish. */
  errors: string[];
}

export function renderReport(r: BenchReport): string {
  const out: string[] = [];
  out.push(
    `dynamodb-kafka-connect bench — ${r.options.mode} — ${r.startedAt} — ${r.machine.cpus} cores, node ${r.machine.node}`,
    `connector: node ${[...r.options.nodeArgs, r.options.worker].join(' ')}; kafka.compression ${r.options.compression ?? 'default'}; delivery.guarantee ${r.options.guarantee ?? 'default'}; stack: ${r.stack.mode}`,
    `wall time ${(r.wallMs / 1000).toFixed(0)} s; load average at start ${r.machine.loadAverageAtStart.map((v) => v.toFixed(2)).join(' ')}`,
    ...(r.machine.otherActivity.length > 0
      ? [
          `WARNING: ${r.machine.otherActivity.length} other test/build/worker processes ran meanwhile; figures are skewed:`,
          ...r.machine.otherActivity.slice(0, 5).map((p) => `  ${p}`),
        ]
      : []),
    '',
    `1. INIT_SYNC: ${int(r.load.items)} items of ~${int(r.load.avgItemBytes)} B (table loaded at ${int(r.load.perSec)} items/s)`,
    '   connector = worker log "init sync started" → topic end offset = items (all r records acknowledged)',
  );
  if (r.initSync.length > 0) {
    out.push(
      formatTable(
        [
          'segments',
          'connector/s',
          'raw Scan/s (before/after)',
          'raw produce/s',
          'ratio',
          'peak RSS MB',
          'CPU s/100k',
          'record B',
          'RSS MB at 0/25/50/75/100 %',
        ],
        r.initSync.map((f) => [
          f.segments,
          int(f.connector.itemsPerSec),
          f.rawScan
            ? `${int(f.rawScan.itemsPerSec)} (${int(f.rawScan.beforePerSec)}/${int(f.rawScan.afterPerSec)})`
            : '-',
          int(f.rawProduce?.messagesPerSec ?? Number.NaN),
          Number.isFinite(f.ratio) ? `${fixed(f.ratio)} ×` : '-',
          int(f.connector.peakRssMB),
          fixed(f.connector.cpuSecondsPer100k),
          int(f.rawProduce?.avgMessageBytes ?? Number.NaN),
          f.connector.rssByQuarterMB.map(int).join(' '),
        ]),
      ),
    );
  }
  out.push(
    ...renderInitSyncUnderWrites(
      r.initSyncUnderWrites ?? [],
      r.initSync.map((f) => ({ ...f, loggedDurationMs: f.connector.loggedDurationMs })),
    ),
  );
  const s = r.sync;
  if (s) {
    out.push(
      '',
      `2. SYNC: burst of ${int(s.burst)} updates over ${int(s.tableItems)} items`,
      formatTable(
        ['what', 'records/s', 'time s', 'CPU s/100k'],
        [
          [
            'writer (BatchWriteItem, 8 in flight)',
            int(s.live.writerPerSec),
            fixed(s.live.writerMs / 1000, 1),
            '-',
          ],
          [
            'connector, live: burst start → all in topic',
            int(s.live.deliveredPerSec),
            fixed(s.live.deliveredMs / 1000, 1),
            fixed(s.live.cpuSecondsPer100k),
          ],
          [
            'connector, backlog drain (fresh worker)',
            int(s.drain.perSec),
            fixed(s.drain.ms / 1000, 1),
            fixed(s.drain.cpuSecondsPer100k),
          ],
          [
            'raw GetRecords drain (ceiling)',
            int(s.rawDrain.perSec),
            fixed(s.rawDrain.ms / 1000, 1),
            '-',
          ],
          [
            `raw produce of the same records (${int(s.rawProduce.avgMessageBytes)} B, not a target)`,
            int(s.rawProduce.perSec),
            fixed(s.rawProduce.ms / 1000, 1),
            '-',
          ],
        ],
      ),
      `   live: ${int(s.live.lagAtWriterEnd)} records behind when the writer finished, caught up ${fixed(s.live.tailMs / 1000, 1)} s later (${int(s.live.tailPerSec)}/s); drain ÷ raw = ${fixed(s.ratio)} ×`,
    );
  }
  if (r.latency.length > 0) {
    out.push(
      '',
      `3. Latency: write acknowledged by DynamoDB → record read by a Kafka consumer, ${r.options.latencySeconds} s per pass`,
      formatTable(
        [
          'offered/s',
          'achieved/s',
          'matched',
          'missing',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'max ms',
          'GetRecords floor p50/p99 ms',
          'write call p50/p99 ms',
        ],
        r.latency.map((l) => [
          int(l.offeredPerSec),
          int(l.achievedPerSec),
          int(l.matched),
          int(l.missing),
          int(l.latencyMs.p50),
          int(l.latencyMs.p95),
          int(l.latencyMs.p99),
          int(l.latencyMs.max),
          `${int(l.streamMs.p50)} / ${int(l.streamMs.p99)}`,
          `${int(l.writeCallMs.p50)} / ${int(l.writeCallMs.p99)}`,
        ]),
      ),
      ...r.latency.map(
        (l) =>
          `   ${int(l.offeredPerSec)}/s, p50 per 5 s: ${l.byWindow.map((w) => int(w.p50)).join(' ')}`,
      ),
    );
  }
  const rc = r.reconcile;
  if (rc) {
    const row = (what: string, x: ReconcileRun, peak = x.peakRssMB) => [
      what,
      int(x.records),
      int(x.keys),
      int(x.deletes),
      fixed(x.ms / 1000, 1),
      int(x.records / (x.ms / 1000)),
      int(x.rssAtStartMB),
      int(peak),
      fixed(x.cpuSeconds, 1),
    ];
    out.push(
      '',
      `7. RECONCILE after a resync: ${int(rc.items)} items, ${int(rc.deleted)} deleted while the stream was off`,
      formatTable(
        [
          'worker',
          'records read',
          'keys',
          'deletes',
          'time s',
          'records/s',
          'RSS MB at start',
          'peak RSS MB',
          'CPU s',
        ],
        [
          row('the one that resynced (scan, then reconcile)', rc.afterScan),
          row(
            'fresh, started at RECONCILE (peak: whole run)',
            rc.fresh,
            rc.fresh.peakRssWholeRunMB,
          ),
        ],
      ),
    );
  }
  if (r.idle) {
    out.push(
      '',
      `6. Idle: one worker, ${int(r.idle.tables)} caught-up tables, no writes, ${fixed(r.idle.windowMs / 1000, 0)} s: ${fixed(r.idle.cpuPercentOfCore)} % of a core, RSS ${int(r.idle.rssMB)} MB`,
    );
  }
  out.push(
    '',
    '4./5. Memory and CPU: in the INIT_SYNC table above (peak RSS = worker VmHWM; CPU = utime+stime from /proc)',
    '',
    `Where the ${r.machine.cpus} cores went in each window (% of all cores, from /proc; a ceiling's loop runs in "bench", the doer's CPU per 100k records is its own)`,
    formatTable(SPLIT_HEADERS, [
      ...r.initSync.flatMap((f) => [
        ...(f.cpu.rawScan
          ? [splitRow(`INIT_SYNC ${f.segments} seg: raw Scan`, f.cpu.rawScan, f.items, 'bench')]
          : []),
        splitRow(`INIT_SYNC ${f.segments} seg: connector`, f.cpu.connector, f.items, 'connector'),
        ...(f.cpu.rawProduce
          ? [
              splitRow(
                `INIT_SYNC ${f.segments} seg: raw produce`,
                f.cpu.rawProduce,
                f.items,
                'bench',
              ),
            ]
          : []),
      ]),
      ...(s
        ? [
            splitRow('SYNC: raw drain', s.cpu.rawDrain, s.rawDrain.records, 'bench'),
            splitRow('SYNC: connector drain', s.cpu.drain, s.burst, 'connector'),
            splitRow('SYNC: raw produce', s.cpu.rawProduce, s.burst, 'bench'),
          ]
        : []),
      ...r.latency.map((l) =>
        splitRow(`latency at ${int(l.offeredPerSec)}/s`, l.cpu, l.matched, 'connector'),
      ),
    ]),
    '',
    'Targets',
    formatTable(
      ['target', 'wanted', 'actual', 'met'],
      r.targets.map((t) => [
        t.name,
        t.target,
        t.actual,
        t.met === null ? 'not measured' : t.met ? 'yes' : 'NO',
      ]),
    ),
  );
  if (r.errors.length > 0) out.push('', 'Errors', ...r.errors.map((e) => `  ${e}`));
  return out.join('\n');
}

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** bench/results/<date-time>-<mode>[-exactly-once].json; returns its path. */
export function writeReport(r: BenchReport, printed: string): string {
  mkdirSync(RESULTS, { recursive: true });
  const stamp = r.startedAt.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const eos = r.options.guarantee === 'exactly_once' ? '-exactly-once' : '';
  const path = join(RESULTS, `${stamp}-${r.options.mode}${eos}.json`);
  writeFileSync(path, `${JSON.stringify({ ...r, printed: printed.split('\n') }, null, 2)}\n`);
  return path;
}

export const profilesDir = (runId: string) => join(RESULTS, 'profiles', runId);

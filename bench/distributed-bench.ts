/**
 * `npm run bench:distributed`: distributed mode's aggregate throughput. The same tables (8 by
 * default) are copied from scratch (INIT_SYNC) once by one worker and once by two workers of
 * one connector name (`worker.mode: distributed`), each run with a connector name, topics and
 * offsets of its own. Prints both and writes bench/results/<date-time>-distributed.json.
 */

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { TopicAdmin } from '../src/kafka/topic-admin.js';
import { startStack } from './bench-stack.js';
import { type BenchClients, createClients, destroyClients } from './clients.js';
import { writeConnectorConfig } from './connector-config.js';
import { benchItem } from './items.js';
import { machine } from './machine.js';
import { perSecond } from './stats.js';
import { createTable, deleteTable, enableStream, putAll } from './table.js';
import { topicCount } from './topic-watch.js';
import { liveWorkers, WorkerProcess } from './worker-process.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const { values } = parseArgs({
  options: {
    tables: { type: 'string', default: '8' },
    items: { type: 'string', default: '10000' },
    stack: { type: 'string', default: 'own' },
  },
  strict: true,
});
const TABLES = Number(values.tables);
const ITEMS = Number(values.items);
const stackMode = values.stack === 'shared' ? 'shared' : 'own';
const wallStart = Date.now();
const log = (line: string) =>
  console.log(`[bench ${((Date.now() - wallStart) / 1000).toFixed(0).padStart(4)} s] ${line}`);

interface RunFigures {
  workers: number;
  /** Every worker spawned → every record of every table in Kafka. */
  ms: number;
  itemsPerSec: number;
  /** From 20 % to 80 % of the records: the rate once the group has settled its shares. */
  middleItemsPerSec: number;
  /** Tables each worker ran at the end (its last 'tables assigned'). */
  tablesPerWorker: number[];
}

async function measure(
  clients: BenchClients,
  admin: TopicAdmin,
  runId: string,
  tables: string[],
  workers: number,
): Promise<RunFigures> {
  const name = `${runId}-w${workers}`;
  const [first, ...more] = tables as [string, ...string[]];
  const config = writeConnectorConfig(clients.endpoints, {
    name,
    table: first,
    moreTables: more,
    segments: 1,
    mode: 'distributed',
  });
  const topics = tables.map((t) => `${name}-${t}`);
  const total = tables.length * ITEMS;
  log(`${workers} worker(s): copying ${tables.length} tables, ${total} items`);
  const procs = Array.from({ length: workers }, () => new WorkerProcess('dist/main.js', config));
  const spawned = Math.min(...procs.map((p) => p.spawnedAt));
  const samples: { at: number; count: number }[] = [];
  let tablesPerWorker: number[] = [];
  try {
    const deadline = Date.now() + 600_000;
    for (;;) {
      let count = 0;
      for (const topic of topics) count += await topicCount(admin, topic);
      samples.push({ at: Date.now(), count });
      if (count >= total) break;
      if (Date.now() > deadline) throw new Error(`${count} of ${total} records after 600 s`);
      for (const p of procs) p.checkHealthy();
      await sleep(250);
    }
  } finally {
    tablesPerWorker = procs.map(
      (p) =>
        ((p.logs.filter((e) => e.message === 'tables assigned').at(-1)?.tables ?? []) as string[])
          .length,
    );
    for (const p of procs) await p.stop();
    const existing = new Set(await admin.listTopics());
    const gone = [...topics, `${name}-offsets`].filter((t) => existing.has(t));
    if (gone.length > 0) await admin.deleteTopics(gone);
  }
  const at = (share: number) =>
    (samples.find((s) => s.count >= total * share) ?? samples.at(-1))?.at ?? spawned;
  const end = samples.at(-1)?.at ?? spawned;
  return {
    workers,
    ms: end - spawned,
    itemsPerSec: Math.round(perSecond(total, end - spawned)),
    middleItemsPerSec: Math.round(perSecond(total * 0.6, at(0.8) - at(0.2))),
    tablesPerWorker,
  };
}

async function main(): Promise<void> {
  const stack = await startStack(stackMode, (line) => log(`  ${line}`));
  const clients = createClients(stack.endpoints);
  const admin = clients.kafka.admin();
  const runId = `bench-${Date.now().toString(36)}`;
  const tables = Array.from({ length: TABLES }, (_, i) => `${runId}-d${i}`);
  const runs: RunFigures[] = [];
  try {
    for (const table of tables) {
      await createTable(clients.dynamodb, table);
      await putAll(clients.dynamodb, table, ITEMS, (i) => benchItem(i));
      await enableStream(clients.dynamodb, table);
      log(`  loaded ${table}`);
    }
    for (const workers of [1, 2]) runs.push(await measure(clients, admin, runId, tables, workers));
  } finally {
    for (const w of liveWorkers) await w.stop();
    for (const table of tables) await deleteTable(clients.dynamodb, table).catch(() => {});
    await admin.close();
    destroyClients(clients);
    await stack.stop();
  }
  const lines = [
    `distributed mode: ${TABLES} tables of ${ITEMS} items (~1 KB), INIT_SYNC from scratch; ${machine().cpus} cores`,
    'workers  items/s (spawn → all in Kafka)  items/s (20 → 80 %)  time s  tables per worker',
    ...runs.map(
      (r) =>
        `${String(r.workers).padStart(7)}  ${r.itemsPerSec.toLocaleString('en-US').padStart(30)}  ${r.middleItemsPerSec.toLocaleString('en-US').padStart(19)}  ${(r.ms / 1000).toFixed(1).padStart(6)}  ${r.tablesPerWorker.join(' + ')}`,
    ),
  ];
  console.log(`\n${lines.join('\n')}\n`);
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date(wallStart)
    .toISOString()
    .replace(/:/g, '-')
    .replace(/\.\d+Z$/, 'Z');
  const path = join(dir, `${stamp}-distributed.json`);
  const report = {
    startedAt: new Date(wallStart).toISOString(),
    tables: TABLES,
    items: ITEMS,
    runs,
  };
  writeFileSync(path, `${JSON.stringify({ ...report, printed: lines }, null, 2)}\n`);
  console.log(`results: ${path}`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

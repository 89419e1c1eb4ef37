/**
 * `npm run bench`: throughput, latency, memory and CPU of the connector against the local stack,
 * each beside a ceiling measured in the same run (see bench/README.md). Prints a table and
 * writes bench/results/<date-time>-<mode>.json.
 */

import type { Compression } from '../src/kafka/record-producer.js';
import { startStack } from './bench-stack.js';
import { createClients, destroyClients } from './clients.js';
import type { BenchContext } from './context.js';
import { type IdleFigures, measureIdle } from './idle-bench.js';
import { type InitSyncFigures, initSyncRun, measureInitSync } from './init-sync-bench.js';
import {
  type InitSyncUnderWritesFigures,
  measureInitSyncUnderWrites,
} from './init-sync-writes-bench.js';
import { benchItem, itemSize } from './items.js';
import { type LatencyFigures, measureLatency } from './latency-bench.js';
import { ActivityWatch, machine, otherActivity } from './machine.js';
import { type BenchOptions, parseOptions, USAGE } from './options.js';
import { rawScan } from './raw-scan.js';
import { measureReconcile, type ReconcileFigures } from './reconcile-bench.js';
import { type BenchReport, profilesDir, renderReport, writeReport } from './report.js';
import { perSecond } from './stats.js';
import { measureSync, type SyncFigures } from './sync-bench.js';
import { createTable, deleteTable, enableStream, putAll } from './table.js';
import { judgeTargets } from './targets.js';
import { liveWorkers } from './worker-process.js';

// The AWS SDK warns on every start that its 2027 releases need Node 22; noise in a bench.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

/** Items the memory run deletes while the stream is off: the ghosts reconciliation must find. */
const RECONCILE_DELETES = 1000;
/** The writer beside INIT_SYNC in measurement 1b (issue 14: "while 200 writes/s hit the table"). */
const WRITES_PER_SEC = 200;

let options: BenchOptions;
try {
  const parsed = parseOptions(process.argv.slice(2));
  if (parsed === 'help') {
    console.log(USAGE);
    process.exit(0);
  }
  options = parsed;
} catch (err) {
  console.error(`bench: ${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
}

const wallStart = Date.now();
const log = (line: string) =>
  console.log(`[bench ${((Date.now() - wallStart) / 1000).toFixed(0).padStart(4)} s] ${line}`);

/** Set once the stack is up: Ctrl-C stops it too (a second Ctrl-C exits at once). */
let stopStack: (() => Promise<void>) | undefined;
process.on('SIGINT', () => {
  if (!stopStack) process.exit(130);
  log('interrupted: stopping the workers and the stack');
  const stop = stopStack;
  stopStack = undefined;
  for (const w of liveWorkers) w.kill();
  stop().finally(() => process.exit(130));
});

async function loadTable(ctx: BenchContext, table: string, items: number): Promise<number> {
  await createTable(ctx.clients.dynamodb, table);
  let reported = 0;
  const ms = await putAll(ctx.clients.dynamodb, table, items, (i) => benchItem(i), {
    onProgress: (done) => {
      if (done - reported >= items / 10) {
        reported = done;
        log(
          `  ${table}: ${done.toLocaleString('en-US')} of ${items.toLocaleString('en-US')} items`,
        );
      }
    },
  });
  return ms;
}

/** Measurements 2 and 3, on a table of their own; failures go to `errors`. */
async function measureSyncAndLatency(
  ctx: BenchContext,
  opts: BenchOptions,
  errors: string[],
): Promise<{ sync?: SyncFigures; latency: LatencyFigures[] }> {
  const { clients, runId, log } = ctx;
  let sync: SyncFigures | undefined;
  const latency: LatencyFigures[] = [];
  const syncTable = `${runId}-sync`;
  log(`loading ${opts.syncTableItems.toLocaleString('en-US')} items into ${syncTable}`);
  await loadTable(ctx, syncTable, opts.syncTableItems);
  const streamArn = await enableStream(clients.dynamodb, syncTable);
  try {
    const measured = await measureSync(ctx, syncTable, streamArn, opts.syncTableItems, opts.burst);
    sync = measured.figures;
    try {
      const at = (perSec: number, pass: number) =>
        measureLatency(
          ctx,
          measured.follower,
          streamArn,
          opts.syncTableItems,
          perSec,
          opts.latencySeconds * 1000,
          pass,
        );
      const offered = await at(opts.latencyPerSec, 1);
      latency.push(offered);
      // When the target is missed at the offered rate, DynamoDB Local's own queue may be why
      // (see the GetRecords floor); a second pass at half the rate tells it from the connector.
      if (offered.achievedPerSec < 0.95 * opts.latencyPerSec || offered.latencyMs.p99 > 1000) {
        const half = Math.min(offered.achievedPerSec, opts.latencyPerSec) / 2;
        latency.push(await at(Math.max(50, Math.round(half / 50) * 50), 2));
      }
    } catch (err) {
      errors.push(`latency: ${(err as Error).message}`);
    } finally {
      sync.counters.drain = await measured.follower.worker.stop();
    }
  } catch (err) {
    errors.push(`SYNC: ${(err as Error).message}`);
  }
  return { sync, latency };
}

async function main(opts: BenchOptions): Promise<number> {
  const startedAt = new Date(wallStart).toISOString();
  const ours = () => new Set([...liveWorkers].map((w) => w.pid));
  const others = otherActivity(ours());
  const watch = new ActivityWatch(ours);
  if (others.length > 0) {
    log(
      `warning: other test runs or workers are running, figures will be skewed:\n  ${others.join('\n  ')}`,
    );
  }
  const loadAtStart = machine().loadAverage;
  log(`starting the ${opts.stack === 'own' ? "bench's own" : 'shared'} local stack`);
  const stack = await startStack(opts.stack, (line) => log(`  ${line}`));
  stopStack = stack.stop;
  const clients = createClients(stack.endpoints, opts.compression as Compression | undefined);
  const admin = clients.kafka.admin();
  const runId = `bench-${Date.now().toString(36)}`;
  const profileDir = opts.profile ? profilesDir(runId) : undefined;
  const ctx: BenchContext = {
    clients,
    admin,
    runId,
    profileDir,
    workerMain: opts.worker,
    workerNodeArgs: opts.nodeArgs,
    compression: opts.compression,
    guarantee: opts.guarantee,
    log,
  };
  const errors: string[] = [];
  const initSync: InitSyncFigures[] = [];
  const initSyncUnderWrites: InitSyncUnderWritesFigures[] = [];
  let sync: SyncFigures | undefined;
  let latency: LatencyFigures[] = [];
  let idle: IdleFigures | undefined;
  let reconcile: ReconcileFigures | undefined;
  const avgItemBytes = itemSize(benchItem(0));
  let load = { items: opts.items, avgItemBytes, ms: 0, perSec: 0 };

  try {
    const initTable = `${runId}-init`;
    log(`loading ${opts.items.toLocaleString('en-US')} items into ${initTable}`);
    const loadMs = await loadTable(ctx, initTable, opts.items);
    load = { items: opts.items, avgItemBytes, ms: loadMs, perSec: perSecond(opts.items, loadMs) };
    // The connector only copies tables with a stream; turned on after loading (faster writes).
    await enableStream(clients.dynamodb, initTable);
    // DynamoDB Local's JIT warms up on the first scans; neither side should pay for it.
    await rawScan(clients.rpc.dynamodb, initTable, 1, 10);
    for (const segments of opts.segments) {
      // The memory run reconciles the last snapshot's topic afterwards, so it keeps it.
      const keep = opts.memoryOnly && segments === opts.segments.at(-1);
      try {
        initSync.push(
          await measureInitSync(ctx, initTable, opts.items, segments, !opts.memoryOnly, keep),
        );
        if (keep) {
          const run = initSyncRun(ctx, initTable, segments);
          reconcile = await measureReconcile(ctx, run, opts.items, RECONCILE_DELETES);
        }
      } catch (err) {
        errors.push(`INIT_SYNC ${segments} segment(s): ${(err as Error).message}`);
      }
    }
    if (!opts.memoryOnly) {
      for (const segments of opts.segments) {
        try {
          initSyncUnderWrites.push(
            await measureInitSyncUnderWrites(ctx, initTable, opts.items, segments, WRITES_PER_SEC),
          );
        } catch (err) {
          errors.push(`INIT_SYNC under writes, ${segments} segment(s): ${(err as Error).message}`);
        }
      }
    }
    await deleteTable(clients.dynamodb, initTable);
    if (!opts.memoryOnly) {
      ({ sync, latency } = await measureSyncAndLatency(ctx, opts, errors));
      try {
        idle = await measureIdle(ctx, opts.idleTables, opts.idleSeconds * 1000);
      } catch (err) {
        errors.push(`idle: ${(err as Error).message}`);
      }
    }
  } catch (err) {
    errors.push((err as Error).stack ?? String(err));
  } finally {
    for (const w of liveWorkers) await w.stop();
    await admin.close();
    destroyClients(clients);
    if (stopStack) {
      stopStack = undefined;
      log(opts.stack === 'own' ? 'stopping the bench stack' : 'leaving the shared stack running');
      await stack.stop();
    }
  }

  const report: BenchReport = {
    startedAt,
    wallMs: Date.now() - wallStart,
    options: opts,
    machine: {
      cpus: machine().cpus,
      node: machine().node,
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: machine().loadAverage,
      otherActivity: watch.stop(),
    },
    stack: {
      mode: opts.stack,
      // Not the secured listeners' details: the results are committed, and they hold a password.
      endpoints: {
        kafkaBrokers: stack.endpoints.kafkaBrokers,
        dynamodbEndpoint: stack.endpoints.dynamodbEndpoint,
        taggingEndpoint: stack.endpoints.taggingEndpoint,
      },
      started: stack.started,
    },
    load,
    initSync,
    initSyncUnderWrites,
    sync,
    latency,
    idle,
    reconcile,
    targets: judgeTargets(opts.items, initSync, sync, latency, idle, reconcile),
    errors,
  };
  const printed = renderReport(report);
  console.log(`\n${printed}\n`);
  console.log(`results: ${writeReport(report, printed)}`);
  return errors.length > 0 ? 1 : 0;
}

main(options).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

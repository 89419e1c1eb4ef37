import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAILOVER_MARGIN_MS, RECORD_TIME_PRECISION_MS } from '../../src/replica/failover-cutoff.js';
import { HEAD_TIME_INTERVAL_MS } from '../../src/task/shard-reader.js';
import { endpoints } from '../support/clients.js';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { CuttingProxy } from '../support/cutting-proxy.js';
import { uniqueName } from '../support/names.js';
import { waitForTopicQuiet } from '../support/pipeline-topic.js';
import { sampleSum } from '../support/prometheus-parser.js';
import { RegionWriter } from '../support/region-writer.js';
import { type Region, regionAt, startSecondRegion } from '../support/second-region.js';
import { createTable } from '../support/tables.js';
import { TestReplicator } from '../support/test-replicator.js';
import { readAll } from '../support/topics.js';
import { workerApi } from '../support/worker-api.js';
import {
  expectVerified,
  type LogEntry,
  logged,
  runCli,
  startWorker,
  type WorkerProcess,
} from '../support/worker-process.js';

const HOME = 'us-east-1';
const OTHER = 'eu-west-1';
const FAILOVER_AFTER_MS = 10_000;
const PROBE_MS = 1_000;
/** Before the cut: longer than the margin, so the new stream holds records the cut-off skips. */
const STEADY_MS = 160_000;

let second: Awaited<ReturnType<typeof startSecondRegion>>;
let home: Region;
let proxy: CuttingProxy;

beforeAll(async () => {
  second = await startSecondRegion(OTHER);
  home = regionAt(HOME, endpoints().dynamodbEndpoint);
  proxy = await CuttingProxy.start(endpoints().dynamodbEndpoint);
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await second?.stop();
});

/** A global table of two replicas kept in sync by the test replicator, a writer in each. */
async function globalTable(prefix: string) {
  const table = uniqueName(prefix);
  for (const r of [home, second.region])
    await createTable(
      { name: table, hashKey: { name: 'pk', type: 'S' }, streamViewType: 'NEW_AND_OLD_IMAGES' },
      r.dynamodb,
    );
  const replicator = new TestReplicator(table, home, second.region);
  replicator.start();
  const writers = {
    home: new RegionWriter(table, home, { keys: 40, everyMs: 150, seed: 1 }),
    other: new RegionWriter(table, second.region, { keys: 40, everyMs: 150, seed: 2 }),
  };
  return { table, replicator, writers };
}

function connectorConfig(table: string, globalTable: Record<string, unknown>, sync = {}) {
  return writeConnectorConfig({
    aws: {
      region: HOME,
      endpoint: proxy.url,
      regions: [HOME, OTHER],
      regionEndpoints: { [OTHER]: second.region.endpoint },
    },
    tables: { whitelist: [table] },
    globalTable: { failoverAfterMs: FAILOVER_AFTER_MS, probeIntervalMs: PROBE_MS, ...globalTable },
    sync,
  });
}

interface TopicPuts {
  /** Write id → how many records carry it as their new image. */
  counts: Map<string, number>;
  regions: Set<string>;
  replicationAttributes: number;
}

async function topicPuts(table: string): Promise<TopicPuts> {
  const counts = new Map<string, number>();
  const regions = new Set<string>();
  let replicationAttributes = 0;
  for (const r of await readAll(topicFor(table))) {
    if (r.value === null) continue;
    if (r.value.includes('aws:rep:')) replicationAttributes++;
    const v = JSON.parse(r.value) as { after: { w?: string } | null; source: { region: string } };
    regions.add(v.source.region);
    const w = v.after?.w;
    if (w) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return { counts, regions, replicationAttributes };
}

/** Waits until every write id made so far is in the topic; returns the topic's puts. */
async function allDelivered(table: string, puts: Map<string, number>[], timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const topic = await topicPuts(table);
    const missing = puts.flatMap((p) => [...p.keys()]).filter((w) => !topic.counts.has(w));
    if (missing.length === 0) return topic;
    if (Date.now() > deadline)
      throw new Error(`${missing.length} writes never reached the topic, e.g. ${missing[0]}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

/** Stops the writers and lets the replicator bring both replicas level. */
async function settle(writers: RegionWriter[]) {
  await Promise.all(writers.map((w) => w.stop()));
  await new Promise((r) => setTimeout(r, 3_000));
}

const moveLog = (worker: WorkerProcess, message: string, after?: LogEntry) =>
  worker.waitForLog(logged(message), FAILOVER_AFTER_MS + 60_000, after);

describe('a global table read from one replica at a time', () => {
  it('reads home once per change, fails over without loss, and fails back', async () => {
    const { table, replicator, writers } = await globalTable('global');
    const config = connectorConfig(table, { failBack: true });
    const worker = startWorker(config);
    try {
      await worker.waitForLog(logged('sync caught up'), 60_000);
      writers.home.start();
      writers.other.start();
      await new Promise((r) => setTimeout(r, STEADY_MS));

      // Steady state: every change of either region once, from home's stream.
      await settle([writers.home, writers.other]);
      const steady = await allDelivered(table, [writers.home.puts, writers.other.puts]);
      expect([...steady.counts.values()].every((n) => n === 1)).toBe(true);
      expect(steady.counts.size).toBe(writers.home.puts.size + writers.other.puts.size);
      expect([...steady.regions]).toEqual([HOME]);
      expect(steady.replicationAttributes).toBe(0);
      await expectVerified(config, table, HOME);
      await expectVerified(config, table, OTHER);

      // Home cut off (its requests hang), writes go on in the other region.
      writers.other.start();
      await new Promise((r) => setTimeout(r, 5_000));
      const cutAt = Date.now();
      proxy.cut(() => true);
      const failover = await moveLog(worker, 'global table: failover');
      const tookMs = Date.parse(failover.timestamp as string) - cutAt;
      expect(tookMs).toBeLessThanOrEqual(FAILOVER_AFTER_MS + 2 * PROBE_MS + 1_000);
      expect(failover).toMatchObject({ from: HOME, to: OTHER, reason: 'region_failing' });
      await new Promise((r) => setTimeout(r, 20_000));
      await settle([writers.other]);
      const after = await allDelivered(table, [writers.home.puts, writers.other.puts]);
      await expectVerified(config, table, OTHER);

      // What the consumer sees: duplicates only of writes shortly before the cut, none twice more.
      const bound = FAILOVER_MARGIN_MS + RECORD_TIME_PRECISION_MS + HEAD_TIME_INTERVAL_MS + 5_000;
      const duplicates = [...after.counts].filter(([, n]) => n > 1);
      const madeAt = (w: string) => writers.home.puts.get(w) ?? writers.other.puts.get(w) ?? 0;
      expect(duplicates.every(([, n]) => n === 2)).toBe(true);
      expect(duplicates.filter(([w]) => madeAt(w) < cutAt - bound)).toEqual([]);
      expect(after.regions).toEqual(new Set([HOME, OTHER]));
      const port = Number((await worker.waitForLog(logged('http listening'))).port);
      const api = workerApi(port);
      const metrics = await api.metrics();
      const skipped = sampleSum(metrics, 'dynamodb_kafka_connect_stream_records_skipped_total', {
        reason: 'failover',
      });
      expect(skipped).toBeGreaterThan(0);
      const repeated = sampleSum(metrics, 'dynamodb_kafka_connect_stream_records_repeated_total', {
        reason: 'failover',
      });
      expect(repeated).toBeGreaterThan(0);
      expect(
        sampleSum(metrics, 'dynamodb_kafka_connect_region_moves_total', { kind: 'failover' }),
      ).toBe(1);
      const name = (JSON.parse(readFileSync(config, 'utf8')) as { name: string }).name;
      expect((await api.task(name, table)).region).toBe(OTHER);
      console.log(
        `failover after ${tookMs} ms; ${skipped} records skipped, ${repeated} counted as possible repeats, ${duplicates.length} duplicates`,
      );

      // Home back: fail-back once it was healthy for failoverAfterMs, again without loss.
      writers.home.start();
      writers.other.start();
      const restoredAt = Date.now();
      proxy.restore();
      const failback = await moveLog(worker, 'global table: fail-back', failover);
      expect(Date.parse(failback.timestamp as string) - restoredAt).toBeLessThanOrEqual(
        FAILOVER_AFTER_MS + 2 * PROBE_MS + 1_000,
      );
      await new Promise((r) => setTimeout(r, 15_000));
      await settle([writers.home, writers.other]);
      await allDelivered(table, [writers.home.puts, writers.other.puts]);
      await expectVerified(config, table, HOME);
      expect(worker.logs.filter(logged('resync'))).toEqual([]);
    } finally {
      proxy.restore();
      await worker.stop();
      await replicator.close();
    }
  }, 600_000);

  it('resyncs from the surviving replica when its stream cannot bridge the gap', async () => {
    const { table, replicator, writers } = await globalTable('global-gap');
    // A safe zone below the margin: no cut-off can be inside it, as if the gap were too long.
    const config = connectorConfig(table, { failBack: false }, { safeZoneMs: 100_000 });
    const worker = startWorker(config);
    try {
      await worker.waitForLog(logged('sync caught up'), 60_000);
      writers.other.start();
      await new Promise((r) => setTimeout(r, 10_000));
      proxy.cut(() => true);
      const failover = await moveLog(worker, 'global table: failover');
      const resync = await worker.waitForLog(logged('resync'), 30_000, failover);
      expect(resync).toMatchObject({ reason: 'gap_beyond_retention' });
      await worker.waitForLog(logged('init sync done'), 60_000, resync);
      await new Promise((r) => setTimeout(r, 5_000));
      await settle([writers.other]);
      // A snapshot holds each item's last image, not every write: the state is what counts.
      await waitForTopicQuiet(topicFor(table), { quietMs: 5_000 });
      await expectVerified(config, table, OTHER);
    } finally {
      proxy.restore();
      await worker.stop();
      await replicator.close();
    }
  }, 300_000);

  it("moves on an operator's command, and no fail-back undoes it", async () => {
    const { table, replicator, writers } = await globalTable('global-command');
    const config = connectorConfig(table, { failBack: true });
    const worker = startWorker(config);
    try {
      await worker.waitForLog(logged('sync caught up'), 60_000);
      writers.home.start();
      await new Promise((r) => setTimeout(r, 10_000));
      const asked = await runCli([
        'failover',
        '--config',
        config,
        '--table',
        table,
        '--region',
        OTHER,
      ]);
      expect(asked.code, asked.stderr).toBe(0);
      const moved = await moveLog(worker, 'global table: failover');
      expect(moved).toMatchObject({ from: HOME, to: OTHER, reason: 'operator' });
      // Home stays healthy all along: a fail-back would come after failoverAfterMs.
      await new Promise((r) => setTimeout(r, FAILOVER_AFTER_MS + 5 * PROBE_MS));
      expect(worker.logs.filter(logged('global table: fail-back'))).toEqual([]);
      await settle([writers.home]);
      await allDelivered(table, [writers.home.puts]);
      await expectVerified(config, table, OTHER);
    } finally {
      await worker.stop();
      await replicator.close();
    }
  }, 300_000);
});

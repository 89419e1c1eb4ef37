import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { topicSize, waitForTopicQuiet } from '../support/pipeline-topic.js';
import { createTable, deleteItem, putItem, updateItem } from '../support/tables.js';
import {
  createMotoTable,
  createTaggedTable,
  DISCOVERY_INTERVAL_MS,
  discoveryConfig,
  ENV_TAG_KEY,
  INGESTION_TAG_KEY,
  ingestTags,
  tagTable,
  uniqueEnv,
  untagTable,
} from '../support/tagged-tables.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

const ITEMS = 20;
const hashKey = { name: 'pk', type: 'S' } as const;
const streamViewType = 'NEW_AND_OLD_IMAGES';
/** Past one discovery interval: DescribeTable, topic creation, the task's first steps. */
const SLACK_MS = 2500;

const fill = async (table: string) => {
  for (let i = 0; i < ITEMS; i += 1) await putItem(table, smallItem(i));
};

describe('tag discovery', () => {
  it('starts exactly the tagged tables with a usable stream, and says why the others are not', {
    timeout: 180_000,
  }, async () => {
    const env = uniqueEnv();
    const eligible = await createTaggedTable(
      { prefix: 'eligible', hashKey, streamViewType },
      ingestTags(env),
    );
    const wrongEnv = await createTaggedTable(
      { prefix: 'wrong-env', hashKey, streamViewType },
      { [INGESTION_TAG_KEY]: 'true', [ENV_TAG_KEY]: `${env}-other` },
    );
    const noIngest = await createTaggedTable(
      { prefix: 'no-ingest', hashKey, streamViewType },
      { [ENV_TAG_KEY]: env },
    );
    const noStream = await createTaggedTable({ prefix: 'no-stream', hashKey }, ingestTags(env));
    for (const t of [eligible, wrongEnv, noIngest, noStream]) await fill(t.name);

    const config = writeConnectorConfig(discoveryConfig(env));
    const worker = startWorker(config);
    await worker.waitForLog(logged('worker started'), 60_000);
    const started = await worker.waitForLog(
      logged('task started', { table: eligible.name }),
      3 * DISCOVERY_INTERVAL_MS + SLACK_MS,
    );
    expect(started.level).toBe('info');

    // The no-stream table is tagged right: what keeps it out is the table itself (warn).
    const noStreamLine = await worker.waitForLog(
      logged('table ineligible', { table: noStream.name }),
      3 * DISCOVERY_INTERVAL_MS,
    );
    expect(noStreamLine).toMatchObject({ level: 'warn' });
    expect(String(noStreamLine.reason)).toMatch(/stream/i);
    // The other two are out because of their tags: an ordinary decision (info) naming the tag.
    const wrongEnvLine = await worker.waitForLog(
      logged('table ineligible', { table: wrongEnv.name }),
      3 * DISCOVERY_INTERVAL_MS,
    );
    expect(wrongEnvLine).toMatchObject({ level: 'info' });
    expect(String(wrongEnvLine.reason)).toContain(ENV_TAG_KEY);
    const noIngestLine = await worker.waitForLog(
      logged('table ineligible', { table: noIngest.name }),
      3 * DISCOVERY_INTERVAL_MS,
    );
    expect(noIngestLine).toMatchObject({ level: 'info' });
    expect(String(noIngestLine.reason)).toContain(INGESTION_TAG_KEY);

    await worker.waitForLog(logged('phase changed', { table: eligible.name, to: 'SYNC' }), 60_000);
    // A few more rounds of discovery change nothing: one task, and each reason said once.
    await sleep(3 * DISCOVERY_INTERVAL_MS);
    const taskTables = worker.logs.filter(logged('task started')).map((e) => e.table);
    expect(taskTables).toEqual([eligible.name]);
    const discovered = worker.logs.filter(logged('table discovered'));
    expect(discovered.map((e) => [e.table, e.level])).toEqual([[eligible.name, 'info']]);
    for (const t of [wrongEnv, noIngest, noStream]) {
      expect(worker.logs.filter(logged('table ineligible', { table: t.name }))).toHaveLength(1);
    }
    expect(worker.logs.filter(logged('discovery failed')), 'against a healthy moto').toEqual([]);
    expect(worker.isRunning).toBe(true);

    expect(await worker.stop('SIGTERM')).toBe(0);
    await expectVerified(config, eligible.name);
  });

  it('starts a table tagged while running, stops it when untagged, and resumes it when re-tagged', {
    timeout: 180_000,
  }, async () => {
    const env = uniqueEnv();
    // One table from the start, so the worker is past its first discovery when the new one comes.
    const first = await createTaggedTable(
      { prefix: 'first', hashKey, streamViewType },
      ingestTags(env),
    );
    await fill(first.name);
    const late = uniqueName('late');
    const topic = topicFor(late);
    await createTable({ name: late, hashKey, streamViewType });
    await fill(late);
    // In moto, but with none of the discovery tags yet.
    const lateArn = await createMotoTable(late, {});

    const config = writeConnectorConfig(discoveryConfig(env));
    const worker = startWorker(config);
    await worker.waitForLog(logged('phase changed', { table: first.name, to: 'SYNC' }), 60_000);
    // Let discovery run at least once more after the first table is in.
    await sleep(DISCOVERY_INTERVAL_MS);
    expect(worker.logs.filter(logged('task started', { table: late }))).toEqual([]);

    // Tagged: started within about one discovery interval.
    const taggedAt = Date.now();
    await tagTable(lateArn, ingestTags(env));
    const started = await worker.waitForLog(logged('task started', { table: late }), 30_000);
    const startDelay = Date.now() - taggedAt;
    console.log(
      `discovery: task started ${startDelay} ms after TagResource ` +
        `(interval ${DISCOVERY_INTERVAL_MS} ms, bound ${2 * DISCOVERY_INTERVAL_MS + SLACK_MS} ms)`,
    );
    expect(startDelay).toBeLessThanOrEqual(2 * DISCOVERY_INTERVAL_MS + SLACK_MS);
    const initStarted = await worker.waitForLog(
      logged('init sync started', { table: late }),
      30_000,
      started,
    );
    await worker.waitForLog(
      logged('phase changed', { table: late, to: 'SYNC' }),
      60_000,
      initStarted,
    );

    // A change in SYNC, then wait until it is in the topic: snapshot (r) and this update (u).
    await updateItem(late, { pk: { S: 'k-000000' } }, { v: { N: '1000' } });
    await waitForTopicQuiet(topic, {
      atLeast: ITEMS + 1,
      quietMs: 2000,
      timeoutMs: 60_000,
    });

    // Untagged: the task stops (its offsets stay), the other table's task does not.
    const untaggedAt = Date.now();
    await untagTable(lateArn, [INGESTION_TAG_KEY]);
    const removed = await worker.waitForLog(
      logged('table removed', { table: late }),
      2 * DISCOVERY_INTERVAL_MS + SLACK_MS,
      started,
    );
    expect(removed.level).toBe('info');
    expect(removed.reason, 'table removed needs a reason').toBeTruthy();
    const stopped = await worker.waitForLog(
      logged('task stopped', { table: late }),
      30_000,
      started,
    );
    console.log(
      `discovery: table removed ${Date.now() - untaggedAt} ms after UntagResource; ` +
        `reason ${JSON.stringify(removed.reason)}`,
    );
    expect(worker.logs.filter(logged('task stopped', { table: first.name }))).toEqual([]);
    expect(worker.logs.filter(logged('task failed', { table: late }))).toEqual([]);

    // Changes while untagged: nothing copies them until the table is back.
    const atStop = await topicSize(topic);
    await updateItem(late, { pk: { S: 'k-000001' } }, { v: { N: '2000' } });
    await putItem(late, smallItem(ITEMS));
    await deleteItem(late, { pk: { S: 'k-000002' } });
    await sleep(2 * DISCOVERY_INTERVAL_MS);
    expect(await topicSize(topic), 'records written for an untagged table').toBe(atStop);
    expect(worker.logs.filter(logged('task started', { table: late }))).toHaveLength(1);

    // Re-tagged: the same table resumes from its offsets, straight into SYNC.
    await tagTable(lateArn, { [INGESTION_TAG_KEY]: 'true' });
    const resumed = await worker.waitForLog(
      logged('task started', { table: late }),
      2 * DISCOVERY_INTERVAL_MS + SLACK_MS,
      stopped,
    );
    const phase = await worker.waitForLog(
      logged('phase changed', { table: late }),
      30_000,
      resumed,
    );
    expect(phase.to).toBe('SYNC');
    // update (u) + put (c) + delete (d) and its tombstone.
    await waitForTopicQuiet(topic, { atLeast: atStop + 4, quietMs: 3000, timeoutMs: 60_000 });
    const initsAfterResume = worker.logs
      .slice(worker.logs.indexOf(resumed))
      .filter(logged('init sync started', { table: late }));
    expect(initsAfterResume, 'a resumed table must not scan again').toEqual([]);
    expect(worker.logs.filter(logged('resync', { table: late }))).toEqual([]);

    expect(await worker.stop('SIGTERM')).toBe(0);
    await expectVerified(config, late);
    await expectVerified(config, first.name);
  });
});

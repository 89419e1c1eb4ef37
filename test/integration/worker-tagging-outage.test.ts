import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { endpoints } from '../support/clients.js';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { waitForTopicQuiet } from '../support/pipeline-topic.js';
import { createTable, putItem, updateItem } from '../support/tables.js';
import {
  createMotoTable,
  createTaggedTable,
  DISCOVERY_INTERVAL_MS,
  discoveryConfig,
  ingestTags,
  tagTable,
  uniqueEnv,
} from '../support/tagged-tables.js';
import { TcpProxy } from '../support/tcp-proxy.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

const ITEMS = 20;
const OUTAGE_WRITES = 30;
const hashKey = { name: 'pk', type: 'S' } as const;
const streamViewType = 'NEW_AND_OLD_IMAGES';

const fill = async (table: string) => {
  for (let i = 0; i < ITEMS; i += 1) await putItem(table, smallItem(i));
};

describe('the Tagging API unreachable', () => {
  it('keeps the running tasks going, and discovery resumes when it is back', {
    timeout: 180_000,
  }, async () => {
    const proxy = await TcpProxy.start(endpoints().taggingEndpoint);
    try {
      const env = uniqueEnv();
      const first = await createTaggedTable(
        { prefix: 'outage', hashKey, streamViewType },
        ingestTags(env),
      );
      await fill(first.name);
      const second = uniqueName('after-outage');
      await createTable({ name: second, hashKey, streamViewType });
      await fill(second);
      const secondArn = await createMotoTable(second, {});

      const config = writeConnectorConfig(discoveryConfig(env, { taggingEndpoint: proxy.url }));
      const worker = startWorker(config);
      await worker.waitForLog(logged('phase changed', { table: first.name, to: 'SYNC' }), 60_000);
      // The snapshot (r); the puts that filled the table are before its cut.
      const beforeOutage = await waitForTopicQuiet(topicFor(first.name), {
        atLeast: ITEMS,
        quietMs: 2000,
        timeoutMs: 60_000,
      });

      await proxy.down();
      const downAt = Date.now();
      const failed = await worker.waitForLog(logged('discovery failed'), 30_000);
      const failedMs = Date.now() - downAt;
      expect(failed.level).toBe('warn');
      expect(failed.error, 'discovery failed needs the error').toBeTruthy();

      // Changes made during the outage still reach the topic.
      for (let i = 0; i < OUTAGE_WRITES; i += 1) {
        await updateItem(
          first.name,
          { pk: { S: `k-${String(i % ITEMS).padStart(6, '0')}` } },
          {
            v: { N: String(10_000 + i) },
          },
        );
      }
      await waitForTopicQuiet(topicFor(first.name), {
        atLeast: beforeOutage + OUTAGE_WRITES,
        quietMs: 1000,
        timeoutMs: 30_000,
      });
      // Several failed rounds, not just one: the outage outlasts a few discovery intervals.
      const outageLeft = 3 * DISCOVERY_INTERVAL_MS - (Date.now() - downAt);
      if (outageLeft > 0) await sleep(outageLeft);
      for (const message of ['table removed', 'task stopped', 'task failed']) {
        expect(worker.logs.filter(logged(message, { table: first.name })), message).toEqual([]);
      }
      const failures = worker.logs.filter(logged('discovery failed')).length;

      await proxy.up();
      const upAt = Date.now();
      const recovered = await worker.waitForLog(logged('discovery recovered'), 30_000, failed);
      const recoveredMs = Date.now() - upAt;
      expect(recovered.level).toBe('info');
      console.log(
        `tagging outage: first 'discovery failed' ${failedMs} ms after the proxy went down ` +
          `(error ${JSON.stringify(failed.error)}), ${failures} such lines in ` +
          `${upAt - downAt} ms of outage; 'discovery recovered' ${recoveredMs} ms after it came back`,
      );

      // Discovery works again: a table tagged now is started.
      const taggedAt = Date.now();
      await tagTable(secondArn, ingestTags(env));
      const started = await worker.waitForLog(logged('task started', { table: second }), 30_000);
      console.log(`tagging outage: second table started ${Date.now() - taggedAt} ms after tagging`);
      await worker.waitForLog(
        logged('phase changed', { table: second, to: 'SYNC' }),
        60_000,
        started,
      );
      for (const message of ['table removed', 'task stopped', 'task failed']) {
        expect(worker.logs.filter(logged(message, { table: first.name })), message).toEqual([]);
      }

      await updateItem(second, { pk: { S: 'k-000000' } }, { v: { N: '777' } });
      await waitForTopicQuiet(topicFor(second), {
        atLeast: ITEMS + 1,
        quietMs: 2000,
        timeoutMs: 60_000,
      });
      expect(await worker.stop('SIGTERM')).toBe(0);
      await expectVerified(config, first.name);
      await expectVerified(config, second);
    } finally {
      await proxy.down();
    }
  });
});

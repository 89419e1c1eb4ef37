import { setTimeout as sleep } from 'node:timers/promises';
import { type AttributeValue, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamodb } from '../support/clients.js';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { loadTable, smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { topicSize, waitForTopicQuiet } from '../support/pipeline-topic.js';
import { seededRandom } from '../support/seeded-random.js';
import { updateItem } from '../support/tables.js';
import { expectVerified, type LogEntry, logged, startWorker } from '../support/worker-process.js';

const TABLES = 10;
const ITEMS = 100;
const WRITE_MS = 30_000;
const DISABLE_AFTER_MS = 10_000;
/**
 * DynamoDB Local handles writes about one at a time: ten unpaced lanes would take all of it
 * from the tests running beside this one. A few writes a second per table are plenty here.
 */
const LANE_PAUSE_MS = 500;
/** How a task may learn that its stream is gone: any of these is accepted (and reported). */
const NOTICES = ['task failed', 'table removed', 'table ineligible'];

/**
 * Updates random items of every table, one lane per table, until stopped; counts the writes.
 * Each write sets a value no item had before, so each makes a stream record. A failed write ends its lane and
 * is thrown by `stop`.
 */
function startWriter(tables: string[]) {
  let running = true;
  const writes = new Map(tables.map((t) => [t, 0]));
  const errors: unknown[] = [];
  const lanes = tables.map(async (table, lane) => {
    const random = seededRandom(4000 + lane);
    try {
      for (let v = 0; running; v += 1) {
        const pk = smallItem(Math.floor(random() * ITEMS)).pk as AttributeValue;
        await updateItem(table, { pk }, { v: { N: String(1_000_000 + v) } });
        writes.set(table, (writes.get(table) ?? 0) + 1);
        await sleep(LANE_PAUSE_MS);
      }
    } catch (err) {
      errors.push(err);
    }
  });
  return {
    writes,
    stop: async () => {
      running = false;
      await Promise.all(lanes);
      if (errors.length > 0) throw errors[0];
    },
  };
}

describe('one table failing among ten', () => {
  it('stops only that table; the other nine keep copying and match their tables', {
    timeout: 180_000,
  }, async () => {
    const tables = Array.from({ length: TABLES }, (_, i) => uniqueName(`iso${i}`));
    const items = Array.from({ length: ITEMS }, (_, i) => smallItem(i));
    await Promise.all(
      tables.map(async (name) => {
        await loadTable({ name, hashKey: { name: 'pk', type: 'S' } }, items);
        // One stream record before the worker starts (before the snapshot's cut, so not in the
        // topic). DynamoDB Local refuses an iterator taken on an empty shard
        // (TrimmedDataAccessException) once records arrive, which makes the task resync: a
        // separate matter from what this test is about.
        await updateItem(name, { pk: items[0]?.pk as AttributeValue }, { v: { N: '-1' } });
      }),
    );
    const victim = tables[3] as string;
    const others = tables.filter((t) => t !== victim);
    const config = writeConnectorConfig({
      tables: { whitelist: tables, discoveryIntervalMs: 2000 },
      sync: { shardRefreshMs: 1000 },
    });

    const worker = startWorker(config);
    await Promise.all(
      tables.map((table) =>
        worker.waitForLog(logged('phase changed', { table, to: 'SYNC' }), 90_000),
      ),
    );

    const writer = startWriter(tables);
    const writeStart = Date.now();
    try {
      await sleep(DISABLE_AFTER_MS);
      await dynamodb().send(
        new UpdateTableCommand({
          TableName: victim,
          StreamSpecification: { StreamEnabled: false },
        }),
      );
      const disabledAt = Date.now();
      const isNotice = (e: LogEntry) => e.table === victim && NOTICES.includes(String(e.message));
      const notice = await worker.waitForLog(isNotice, 30_000);
      const noticeMs = Date.now() - disabledAt;
      const sizesAtNotice = await Promise.all(others.map((t) => topicSize(topicFor(t))));

      // The rest of the writing time (at least 5 s) shows whether the others still flow.
      await sleep(Math.max(5000, WRITE_MS - (Date.now() - writeStart)));
      const sizesLater = await Promise.all(others.map((t) => topicSize(topicFor(t))));
      await writer.stop();

      const victimLogs = worker.logs
        .filter(
          (e) =>
            e.table === victim &&
            NOTICES.concat(['task stopped', 'task restarted']).includes(String(e.message)),
        )
        .map(
          (e) =>
            `${e.level} ${e.message}${e.reason ? ` (${e.reason})` : ''}${e.error ? ` (${e.error})` : ''}`,
        );
      console.log(
        `isolation: stream of ${victim} disabled; first notice '${notice.message}' (${notice.level}) after ${noticeMs} ms; ` +
          `its lines: ${JSON.stringify(victimLogs.slice(0, 6))}${victimLogs.length > 6 ? ` … ${victimLogs.length} in all` : ''}`,
      );
      console.log(
        `isolation: writes per table ${JSON.stringify([...writer.writes.values()])}; ` +
          `topic growth after the notice ${JSON.stringify(sizesLater.map((n, i) => n - (sizesAtNotice[i] as number)))}`,
      );

      others.forEach((table, i) => {
        expect(sizesLater[i], `${table} stopped growing after ${victim} failed`).toBeGreaterThan(
          sizesAtNotice[i] as number,
        );
      });
      for (const table of others) {
        for (const message of ['task failed', 'task stopped', 'table removed', 'resync']) {
          expect(worker.logs.filter(logged(message, { table })), `${message} ${table}`).toEqual([]);
        }
      }
      expect(worker.isRunning, worker.tail()).toBe(true);

      // Each of the nine catches up with everything written and rebuilds its table exactly.
      await Promise.all(
        others.map((t) =>
          waitForTopicQuiet(topicFor(t), {
            atLeast: ITEMS + (writer.writes.get(t) ?? 0),
            quietMs: 3000,
            timeoutMs: 90_000,
          }),
        ),
      );
      const verifyStart = Date.now();
      for (let i = 0; i < others.length; i += 3) {
        await Promise.all(others.slice(i, i + 3).map((t) => expectVerified(config, t)));
      }
      console.log(`isolation: nine tables verified in ${Date.now() - verifyStart} ms`);
    } finally {
      await writer.stop();
    }
    expect(await worker.stop('SIGTERM')).toBe(0);
  });
});

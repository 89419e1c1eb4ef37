import { setTimeout as sleep } from 'node:timers/promises';
import { UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { dynamodb } from '../support/clients.js';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { topicSize } from '../support/pipeline-topic.js';
import { createTable, putItem } from '../support/tables.js';
import { logged, startWorker } from '../support/worker-process.js';

const ITEMS = 10;

describe('sync.onLostPosition: fail', () => {
  it('leaves the task FAILED with the reason, not restarted, and writes no new snapshot', {
    timeout: 180_000,
  }, async () => {
    const table = uniqueName('lost');
    const topic = topicFor(table);
    await createTable({
      name: table,
      hashKey: { name: 'pk', type: 'S' },
      streamViewType: 'NEW_AND_OLD_IMAGES',
    });
    for (let i = 0; i < ITEMS; i += 1) await putItem(table, smallItem(i));
    const other = uniqueName('lost-other');
    await createTable({
      name: other,
      hashKey: { name: 'pk', type: 'S' },
      streamViewType: 'NEW_AND_OLD_IMAGES',
    });
    const config = writeConnectorConfig({
      tables: { whitelist: [table, other] },
      sync: { onLostPosition: 'fail' },
      tasks: { restartInitialMs: 200, restartMaxMs: 400 },
    });

    const first = startWorker(config);
    await first.waitForLog(logged('sync caught up', { table }), 120_000);
    expect(await first.stop()).toBe(0);
    // A stream disabled and enabled again is a new stream: the stored positions mean nothing.
    for (const StreamEnabled of [false, true]) {
      await dynamodb().send(
        new UpdateTableCommand({
          TableName: table,
          StreamSpecification: StreamEnabled
            ? { StreamEnabled, StreamViewType: 'NEW_AND_OLD_IMAGES' }
            : { StreamEnabled },
        }),
      );
    }
    await putItem(table, smallItem(ITEMS));
    const before = await topicSize(topic);

    const second = startWorker(config);
    const failed = await second.waitForLog(logged('task failed', { table }), 60_000);
    expect(failed.error).toMatch(
      /stream position lost \(stream_changed: .*sync\.onLostPosition is 'fail'/,
    );
    await second.waitForLog(logged('task not restarted', { table }), 10_000);
    // Well past the restart back-off: still failed, no resync, no new generation.
    await sleep(3000);
    expect(second.logs.filter(logged('task failed', { table }))).toHaveLength(1);
    expect(second.logs.some(logged('task restarted', { table }))).toBe(false);
    expect(second.logs.some(logged('resync', { table }))).toBe(false);
    expect(second.logs.some(logged('init sync started', { table }))).toBe(false);
    expect(await topicSize(topic)).toBe(before);
    // The other table keeps streaming.
    await putItem(other, smallItem(1));
    await expect
      .poll(() => topicSize(topicFor(other)), { timeout: 30_000, interval: 500 })
      .toBeGreaterThanOrEqual(1);
  });
});

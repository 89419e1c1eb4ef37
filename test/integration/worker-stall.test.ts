import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { endpoints } from '../support/clients.js';
import { writeConnectorConfig } from '../support/connector-config.js';
import { CuttingProxy } from '../support/cutting-proxy.js';
import { smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { sampleSum } from '../support/prometheus-parser.js';
import { createTable, putItem } from '../support/tables.js';
import { type TaskStatus, workerApi } from '../support/worker-api.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

const STALL_AFTER_MS = 6_000;
const P = 'dynamodb_kafka_connect_';

let proxy: CuttingProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
});

/** Polls until `check` holds, or fails after `timeoutMs` with the last value seen. */
async function eventually<T>(get: () => Promise<T>, check: (v: T) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last = await get();
  while (!check(last)) {
    if (Date.now() > deadline)
      throw new Error(`not so after ${timeoutMs} ms: ${JSON.stringify(last)}`);
    await sleep(250);
    last = await get();
  }
  return last;
}

describe('stall detection', () => {
  it('a table whose stream stops answering turns STALLED and unready, the others run on, and it recovers by itself', {
    timeout: 180_000,
  }, async () => {
    const [cut, other] = [uniqueName('stall-cut'), uniqueName('stall-ok')];
    for (const name of [cut, other]) {
      await createTable({
        name,
        hashKey: { name: 'pk', type: 'S' },
        streamViewType: 'NEW_AND_OLD_IMAGES',
      });
      for (let i = 0; i < 5; i += 1) await putItem(name, smallItem(i));
    }
    proxy = await CuttingProxy.start(endpoints().dynamodbEndpoint);
    const config = writeConnectorConfig({
      aws: { endpoint: proxy.url, requestTimeoutMs: 3_000 },
      tables: { whitelist: [cut, other] },
      stall: { afterMs: STALL_AFTER_MS, checkIntervalMs: 500 },
    });
    const worker = startWorker(config);
    const api = workerApi(Number((await worker.waitForLog(logged('http listening'), 30_000)).port));
    for (const table of [cut, other])
      await worker.waitForLog(logged('sync caught up', { table }), 90_000);
    const name = ((await api.get('/connectors')).body as string[])[0] as string;
    expect((await api.get('/readyz')).status).toBe(200);

    // Every DynamoDB Streams request about the cut table (its stream ARN, in the body or inside
    // a shard iterator) now hangs; the table's Scan and DescribeTable and the other table pass.
    const cutAt = Date.now();
    proxy.cut((body) => body.includes(`table/${cut}/stream`));
    const stalled = await eventually(
      () => api.task(name, cut),
      (t: TaskStatus) => t.state === 'STALLED',
      STALL_AFTER_MS + 10_000,
    );
    const tookMs = Date.now() - cutAt;
    console.log(`stall: STALLED ${tookMs} ms after the cut (stall.afterMs ${STALL_AFTER_MS})`);
    expect(proxy.heldCount).toBeGreaterThan(0);
    expect(stalled.stall).toMatchObject({
      reason: 'shard_no_round',
      shard_id: expect.stringMatching(/^shardId-/),
    });
    expect(stalled.stall?.for_ms).toBeGreaterThanOrEqual(STALL_AFTER_MS);
    const warn = await worker.waitForLog(logged('task stalled', { table: cut }), 5_000);
    expect(warn).toMatchObject({
      level: 'warn',
      reason: 'shard_no_round',
      shardId: stalled.stall?.shard_id,
    });
    expect(Number(warn.forMs)).toBeGreaterThanOrEqual(STALL_AFTER_MS);

    const ready = await api.get('/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.stringify(ready.body)).toContain(`task ${cut} is STALLED`);
    const metrics = await api.metrics();
    expect(sampleSum(metrics, `${P}task_state`, { table: cut, state: 'STALLED' })).toBe(1);
    expect(sampleSum(metrics, `${P}task_state`, { table: other, state: 'RUNNING' })).toBe(1);

    // The other table copies on meanwhile.
    await putItem(other, smallItem(50));
    await sleep(STALL_AFTER_MS);
    expect((await api.task(name, other)).state).toBe('RUNNING');
    expect((await api.task(name, cut)).state).toBe('STALLED');

    proxy.restore();
    const restoredAt = Date.now();
    await eventually(
      () => api.task(name, cut),
      (t: TaskStatus) => t.state === 'RUNNING',
      60_000,
    );
    console.log(`stall: RUNNING again ${Date.now() - restoredAt} ms after the restore`);
    await eventually(
      () => api.get('/readyz'),
      (r) => r.status === 200,
      10_000,
    );
    await worker.waitForLog(logged('task no longer stalled', { table: cut }), 5_000);

    // Nothing was lost on either side of the outage.
    await putItem(cut, smallItem(60));
    await sleep(3_000);
    await expectVerified(config, cut);
    await expectVerified(config, other);
    expect(await worker.stop()).toBe(0);
  });
});

import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { topicFor, writeConnectorConfig } from '../support/connector-config.js';
import { smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { topicSize, waitForTopicQuiet } from '../support/pipeline-topic.js';
import { createTable, putItem } from '../support/tables.js';
import { workerApi } from '../support/worker-api.js';
import { expectVerified, logged, startWorker } from '../support/worker-process.js';

const TOKEN = 'control-test-token-5d1f';

async function streamingTable(prefix: string): Promise<string> {
  const name = uniqueName(prefix);
  await createTable({
    name,
    hashKey: { name: 'pk', type: 'S' },
    streamViewType: 'NEW_AND_OLD_IMAGES',
  });
  for (let i = 0; i < 5; i += 1) await putItem(name, smallItem(i));
  return name;
}

describe('steering a worker over REST', () => {
  it('restart, pause and resume work with http.allowWrites and the token, and are refused without', {
    timeout: 180_000,
  }, async () => {
    const [steered, locked] = await Promise.all([
      streamingTable('control'),
      streamingTable('control-ro'),
    ]);
    const config = writeConnectorConfig({
      tables: { whitelist: [steered] },
      http: { allowWrites: true, authToken: TOKEN },
    });
    const readOnly = writeConnectorConfig({ tables: { whitelist: [locked] } });
    const worker = startWorker(config);
    const other = startWorker(readOnly);
    const port = Number((await worker.waitForLog(logged('http listening'), 30_000)).port);
    const api = workerApi(port, TOKEN);
    const anonymous = workerApi(port);
    await worker.waitForLog(logged('sync caught up', { table: steered }), 90_000);
    const name = ((await api.get('/connectors')).body as string[])[0] as string;
    const task = `/connectors/${name}/tasks/${steered}`;

    // Without the token, or with a wrong one, nothing is shown or done.
    expect((await anonymous.get('/connectors')).status).toBe(401);
    expect((await anonymous.get('/metrics')).status).toBe(401);
    expect((await api.get('/connectors', 'wrong-token')).status).toBe(401);
    expect((await anonymous.put(`/connectors/${name}/pause`)).status).toBe(401);
    expect((await anonymous.post(`${task}/restart`)).status).toBe(401);
    expect((await api.task(name, steered)).state).toBe('RUNNING');
    expect(worker.logs.filter(logged('task stopped', { table: steered }))).toHaveLength(0);

    // Restart: the task stops and starts again at once, from its offsets.
    expect((await api.post(`${task}/restart`)).status).toBe(204);
    await worker.waitForLog(logged('task restart requested', { table: steered }), 10_000);
    const stopped = await worker.waitForLog(logged('task stopped', { table: steered }), 30_000);
    await worker.waitForLog(logged('task started', { table: steered }), 30_000, stopped);
    expect((await api.task(name, steered)).state).toBe('RUNNING');

    // Pause: the connector and its task show PAUSED, and nothing more is read.
    expect((await api.put(`/connectors/${name}/pause`)).status).toBe(202);
    await worker.waitForLog(logged('connector paused'), 10_000);
    const status = (await api.get(`/connectors/${name}/status`)).body;
    expect(status).toMatchObject({
      connector: { state: 'PAUSED' },
      tasks: [{ table: steered, state: 'PAUSED' }],
    });
    const topic = topicFor(steered);
    const beforeWrites = await waitForTopicQuiet(topic, { atLeast: 5, quietMs: 2_000 });
    for (let i = 10; i < 20; i += 1) await putItem(steered, smallItem(i));
    await sleep(6_000);
    expect(await topicSize(topic)).toBe(beforeWrites);
    expect((await api.post(`${task}/restart`)).status).toBe(409);
    expect((await api.get('/readyz')).status).toBe(200);

    // Resume: the task goes on from its stored positions; what was written meanwhile arrives.
    expect((await api.put(`/connectors/${name}/resume`)).status).toBe(202);
    await worker.waitForLog(logged('connector resumed'), 10_000);
    await waitForTopicQuiet(topic, { atLeast: beforeWrites + 10, quietMs: 2_000 });
    expect((await api.task(name, steered)).state).toBe('RUNNING');
    expect(worker.logs.filter(logged('init sync started', { table: steered }))).toHaveLength(1);
    expect(worker.logs.filter(logged('resync', { table: steered }))).toHaveLength(0);
    await expectVerified(config, steered);

    // A worker without http.allowWrites refuses every write, token or not, and keeps running.
    const lockedPort = Number((await other.waitForLog(logged('http listening'), 30_000)).port);
    const lockedApi = workerApi(lockedPort);
    await other.waitForLog(logged('sync caught up', { table: locked }), 90_000);
    const lockedName = ((await lockedApi.get('/connectors')).body as string[])[0] as string;
    for (const [method, path] of [
      ['put', `/connectors/${lockedName}/pause`],
      ['put', `/connectors/${lockedName}/resume`],
      ['post', `/connectors/${lockedName}/tasks/${locked}/restart`],
    ] as const) {
      const reply = await lockedApi[method](path);
      expect(reply.status, path).toBe(403);
      expect(reply.body).toMatchObject({ error_code: 403 });
    }
    expect((await lockedApi.task(lockedName, locked)).state).toBe('RUNNING');
    expect(other.logs.filter(logged('task stopped', { table: locked }))).toHaveLength(0);

    expect(await worker.stop()).toBe(0);
    expect(await other.stop()).toBe(0);
  });
});

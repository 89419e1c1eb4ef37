import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { writeConnectorConfig } from '../support/connector-config.js';
import { smallItem } from '../support/items.js';
import { uniqueName } from '../support/names.js';
import { createTable, putItem } from '../support/tables.js';
import { logged, startWorker } from '../support/worker-process.js';

async function get(port: number, path: string, method = 'GET') {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Bytes that are not HTTP, or HTTP that is wrong, on a raw socket; resolves when it closes. */
function sendRaw(port: number, bytes: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    socket.on('data', () => {});
    socket.on('error', () => resolve());
    socket.on('close', () => resolve());
    socket.setTimeout(2000, () => socket.destroy());
  });
}

describe('the REST status and health endpoints', () => {
  it('show every table, its phase and generation, ineligible tables with their reason, and survive garbage', {
    timeout: 120_000,
  }, async () => {
    const streaming = uniqueName('http');
    await createTable({
      name: streaming,
      hashKey: { name: 'pk', type: 'S' },
      streamViewType: 'NEW_AND_OLD_IMAGES',
    });
    for (let i = 0; i < 5; i += 1) await putItem(streaming, smallItem(i));
    const noStream = uniqueName('http-nostream');
    await createTable({ name: noStream, hashKey: { name: 'pk', type: 'S' } });
    const config = writeConnectorConfig({ tables: { whitelist: [streaming, noStream] } });

    const worker = startWorker(config);
    const listening = await worker.waitForLog(logged('http listening'), 30_000);
    const port = Number(listening.port);
    expect(port).toBeGreaterThan(0);
    expect((await get(port, '/healthz')).status).toBe(200);
    await worker.waitForLog(logged('sync caught up', { table: streaming }), 60_000);

    const root = await get(port, '/');
    expect(root.body).toMatchObject({ version: expect.any(String) });
    expect(String(root.body.kafka_cluster_id).length).toBeGreaterThan(0);
    const name = ((await get(port, '/connectors')).body as unknown as string[])[0] as string;
    const status = await get(port, `/connectors/${name}/status`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({
      name,
      type: 'source',
      connector: { state: 'RUNNING', worker_id: `127.0.0.1:${port}` },
      tasks: [
        { id: 0, table: streaming, state: 'RUNNING', phase: 'SYNC', generation: 1, error: null },
      ],
      ineligible: [{ table: noStream, reason: expect.stringMatching(/stream/) }],
    });
    expect((status.body.tasks as { worker_id: string }[])[0]?.worker_id).toBe(`127.0.0.1:${port}`);
    // The logs name the same worker: every line once the REST port is known, task lines too.
    const after = worker.logs.slice(worker.logs.findIndex(logged('worker id')));
    expect(after.length).toBeGreaterThan(2);
    expect(after.filter((e) => e.worker !== `127.0.0.1:${port}`)).toEqual([]);
    expect(after.some((e) => e.table === streaming)).toBe(true);
    const task = await get(
      port,
      `/connectors/${name}/tasks/${encodeURIComponent(streaming)}/status`,
    );
    expect(task.body).toMatchObject({ table: streaming, phase: 'SYNC' });
    expect(await get(port, '/readyz')).toEqual({ status: 200, body: { ready: true } });
    expect((await get(port, `/connectors/${name}/tasks/nope/status`)).status).toBe(404);
    expect((await get(port, '/connectors/other/status')).body).toEqual({
      error_code: 404,
      message: 'connector other not found',
    });
    expect((await get(port, '/connectors', 'POST')).status).toBe(405);

    // A few hundred malformed requests: none may crash the worker or stop it answering.
    const garbage = [
      'GARBAGE\r\n\r\n',
      'GET /%%% HTTP/1.1\r\nHost: x\r\n\r\n',
      'GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n',
      `GET /${'a'.repeat(20_000)} HTTP/1.1\r\n\r\n`,
      '\x00\x01\x02\x03',
      'GET /connectors/%E0%A4%A/status HTTP/1.1\r\nHost: x\r\n\r\n',
    ];
    for (let i = 0; i < 300; i += 1) await sendRaw(port, garbage[i % garbage.length] as string);
    expect((await get(port, '/healthz')).status).toBe(200);
    await putItem(streaming, smallItem(99));
    expect(worker.isRunning).toBe(true);
    expect(await worker.stop()).toBe(0);
  });
});

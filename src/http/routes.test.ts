import { describe, expect, it } from 'vitest';
import type { TableView, WorkerView } from '../worker/worker-view.js';
import { notReady, type RouteContext, route } from './routes.js';

const idle = { initSync: null, sync: null, lastRecordMs: null };
const table = (t: Partial<TableView> & { table: string }): TableView => ({
  state: 'RUNNING',
  phase: 'SYNC',
  region: 'us-east-1',
  generation: 1,
  error: null,
  progress: idle,
  stall: null,
  ...t,
});
const view: WorkerView = {
  connector: 'orders-cdc',
  nowMs: 1_000_000,
  paused: false,
  kafkaClusterId: 'cluster-1',
  ownership: {
    groupId: 'dynamodb-kafka-connect.orders-cdc',
    state: 'OWNER',
    owner: { workerId: 'host-a:7', rest: '127.0.0.1:8083', startedAt: 900_000 },
    reason: null,
  },
  assignment: null,
  offsetsRead: true,
  discoveryRan: true,
  tables: [
    table({
      table: 'orders',
      generation: 2,
      progress: {
        initSync: null,
        sync: { shardsActive: 2, millisBehindSource: 150, lastEventMs: 999_000 },
        lastRecordMs: 999_500,
      },
    }),
    table({ table: 'audit', state: 'DONE', phase: 'DONE' }),
    table({
      table: 'users',
      phase: 'INIT_SYNC',
      progress: {
        initSync: { items: 10, approximateTotal: 100, percent: 10, etaS: 9 },
        sync: null,
        lastRecordMs: 999_000,
      },
    }),
  ],
  ineligible: [{ table: 'legacy', reason: 'no stream' }],
};

const standby: WorkerView['ownership'] = {
  groupId: 'dynamodb-kafka-connect.orders-cdc',
  state: 'STANDBY',
  owner: { workerId: 'host-b:9', rest: null, startedAt: 800_000 },
  reason: 'another…',
};

function context(over: Partial<RouteContext> & { v?: WorkerView } = {}) {
  const calls: string[] = [];
  const ctx: RouteContext = {
    view: () => over.v ?? view,
    info: { version: '0.1.0', commit: null, workerId: '127.0.0.1:8083' },
    control: {
      pause: () => calls.push('pause'),
      resume: () => calls.push('resume'),
      restart: (t) => {
        calls.push(`restart ${t}`);
        return t === 'orders';
      },
    },
    allowWrites: true,
    authToken: null,
    metrics: async () => ({ contentType: 'text/plain; version=0.0.4', text: 'm 1\n' }),
    ...over,
  };
  return { ctx, calls };
}

const get = (url: string, over: Partial<RouteContext> & { v?: WorkerView } = {}) =>
  route({ method: 'GET', url }, context(over).ctx);

describe('route', () => {
  it.each([
    {
      name: 'root',
      method: 'GET',
      url: '/',
      status: 200,
      body: { version: '0.1.0', commit: null, kafka_cluster_id: 'cluster-1', status_page: '/ui' },
    },
    { name: 'connectors', method: 'GET', url: '/connectors', status: 200, body: ['orders-cdc'] },
    {
      name: 'a query string is ignored',
      method: 'GET',
      url: '/connectors?expand=status',
      status: 200,
      body: ['orders-cdc'],
    },
    {
      name: 'one task in SYNC, by table: shards and lag',
      method: 'GET',
      url: '/connectors/orders-cdc/tasks/orders/status',
      status: 200,
      body: {
        id: 1,
        state: 'RUNNING',
        worker_id: '127.0.0.1:8083',
        table: 'orders',
        phase: 'SYNC',
        region: 'us-east-1',
        generation: 2,
        init_sync: null,
        sync: { shards_active: 2, millis_behind_source: 150, last_event_ms: 999_000 },
        stall: null,
        error: null,
      },
    },
    {
      name: 'one task in INIT_SYNC: its progress',
      method: 'GET',
      url: '/connectors/orders-cdc/tasks/users/status',
      status: 200,
      body: {
        id: 2,
        state: 'RUNNING',
        worker_id: '127.0.0.1:8083',
        table: 'users',
        phase: 'INIT_SYNC',
        region: 'us-east-1',
        generation: 1,
        init_sync: { items: 10, approximate_total: 100, percent: 10, eta_s: 9 },
        sync: null,
        stall: null,
        error: null,
      },
    },
    { name: 'liveness', method: 'GET', url: '/healthz', status: 200, body: { status: 'ok' } },
    { name: 'ready', method: 'GET', url: '/readyz', status: 200, body: { ready: true } },
    {
      name: 'unknown connector',
      method: 'GET',
      url: '/connectors/other/status',
      status: 404,
      body: { error_code: 404, message: 'connector other not found' },
    },
    {
      name: 'unknown table',
      method: 'GET',
      url: '/connectors/orders-cdc/tasks/nope/status',
      status: 404,
      body: { error_code: 404, message: 'task nope not found' },
    },
    {
      name: 'unknown path',
      method: 'GET',
      url: '/nope',
      status: 404,
      body: { error_code: 404, message: 'no such endpoint: /nope' },
    },
    {
      name: 'wrong method',
      method: 'DELETE',
      url: '/connectors',
      status: 405,
      body: { error_code: 405, message: 'method DELETE not allowed on /connectors' },
    },
    {
      name: 'GET on a mutating endpoint',
      method: 'GET',
      url: '/connectors/orders-cdc/pause',
      status: 405,
      body: { error_code: 405, message: 'method GET not allowed on /connectors/orders-cdc/pause' },
    },
    {
      name: 'malformed escape',
      method: 'GET',
      url: '/connectors/%E0%A4%A/status',
      status: 400,
      body: { error_code: 400, message: 'malformed path /connectors/%E0%A4%A/status' },
    },
  ])('$name', async ({ method, url, status, body }) => {
    expect(await route({ method, url }, context().ctx)).toEqual({ status, body });
  });

  it('connector status: Connect shape, tasks in table order, ineligible tables', async () => {
    const { status, body } = await get('/connectors/orders-cdc/status');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: 'orders-cdc',
      connector: { state: 'RUNNING', worker_id: '127.0.0.1:8083' },
      type: 'source',
      tasks: [
        { id: 0, table: 'audit', state: 'DONE' },
        { id: 1, table: 'orders', state: 'RUNNING' },
        { id: 2, table: 'users', state: 'RUNNING' },
      ],
      ineligible: [{ table: 'legacy', reason: 'no stream' }],
    });
  });

  it('the owner names itself and its group', async () => {
    const { body } = await get('/connectors/orders-cdc/status');
    expect(body).toMatchObject({
      ownership: {
        group_id: 'dynamodb-kafka-connect.orders-cdc',
        state: 'OWNER',
        owner: { worker_id: 'host-a:7', rest_address: '127.0.0.1:8083', started_at: 900_000 },
        reason: null,
      },
    });
  });

  it('a standby: UNASSIGNED, no tasks, the owner named and why', async () => {
    const v: WorkerView = { ...view, tables: [], ownership: standby };
    const { body } = await get('/connectors/orders-cdc/status', { v });
    expect(body).toMatchObject({
      connector: { state: 'UNASSIGNED' },
      tasks: [],
      ownership: { state: 'STANDBY', owner: { worker_id: 'host-b:9' }, reason: 'another…' },
    });
  });

  it('a distributed member: RUNNING, its own tasks, and what the group gave it', async () => {
    const v: WorkerView = {
      ...view,
      ownership: { groupId: 'g', state: 'MEMBER', owner: null, reason: null },
      assignment: { generation: 7, tables: ['orders', 'users'] },
    };
    const { body } = await get('/connectors/orders-cdc/status', { v });
    expect(body).toMatchObject({
      connector: { state: 'RUNNING', worker_id: '127.0.0.1:8083' },
      ownership: { state: 'MEMBER', owner: null },
      assignment: { generation: 7, tables: ['orders', 'users'] },
    });
    expect((await get('/connectors/orders-cdc/status')).body).not.toHaveProperty('assignment');
  });

  it('a paused connector says so', async () => {
    const { body } = await get('/connectors/orders-cdc/status', { v: { ...view, paused: true } });
    expect(body).toMatchObject({ connector: { state: 'PAUSED' } });
  });

  it('metrics, the status page, and a browser at / sent to the page', async () => {
    expect(await get('/metrics')).toEqual({
      status: 200,
      text: 'm 1\n',
      contentType: 'text/plain; version=0.0.4',
    });
    const page = await get('/ui');
    expect(page.status).toBe(200);
    expect(page.html).toContain('<html');
    const browser = await route(
      { method: 'GET', url: '/', accept: 'text/html,*/*' },
      context().ctx,
    );
    expect(browser).toEqual({ status: 302, headers: { location: '/ui' } });
  });
});

describe('writes', () => {
  it.each([
    { method: 'PUT', url: '/connectors/orders-cdc/pause', status: 202, calls: ['pause'] },
    { method: 'PUT', url: '/connectors/orders-cdc/resume', status: 202, calls: ['resume'] },
    {
      method: 'POST',
      url: '/connectors/orders-cdc/tasks/orders/restart',
      status: 204,
      calls: ['restart orders'],
    },
    {
      method: 'POST',
      url: '/connectors/orders-cdc/tasks/nope/restart',
      status: 404,
      calls: ['restart nope'],
    },
    { method: 'PUT', url: '/connectors/other/pause', status: 404, calls: [] },
  ])('$method $url with writes allowed: $status', async ({ method, url, status, calls }) => {
    const c = context();
    expect((await route({ method, url }, c.ctx)).status).toBe(status);
    expect(c.calls).toEqual(calls);
  });

  it('restart while paused: 409, nothing done', async () => {
    const c = context({ v: { ...view, paused: true } });
    const reply = await route(
      { method: 'POST', url: '/connectors/orders-cdc/tasks/orders/restart' },
      c.ctx,
    );
    expect(reply.status).toBe(409);
    expect(c.calls).toEqual([]);
  });

  it.each([
    ['PUT', '/connectors/orders-cdc/pause'],
    ['PUT', '/connectors/orders-cdc/resume'],
    ['POST', '/connectors/orders-cdc/tasks/orders/restart'],
  ])('%s %s without http.allowWrites: 403, nothing done', async (method, url) => {
    const c = context({ allowWrites: false });
    const reply = await route({ method, url }, c.ctx);
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ error_code: 403 });
    expect(c.calls).toEqual([]);
  });
});

describe('bearer token', () => {
  const token = 's3cret-token';
  it.each([
    { name: 'no header', authorization: undefined, status: 401 },
    { name: 'another scheme', authorization: `Basic ${token}`, status: 401 },
    { name: 'wrong token', authorization: 'Bearer nope', status: 401 },
    { name: 'a prefix of the token', authorization: 'Bearer s3cret', status: 401 },
    { name: 'the token', authorization: `Bearer ${token}`, status: 200 },
  ])('$name: $status', async ({ authorization, status }) => {
    const reply = await route(
      { method: 'GET', url: '/connectors', authorization },
      context({ authToken: token }).ctx,
    );
    expect(reply.status).toBe(status);
    if (status === 401) {
      expect(reply.headers).toEqual({ 'www-authenticate': 'Bearer' });
      expect(JSON.stringify(reply.body)).not.toContain(token);
    }
  });

  it('a write without the token is refused before anything is done', async () => {
    const c = context({ authToken: token });
    expect(
      (await route({ method: 'PUT', url: '/connectors/orders-cdc/pause' }, c.ctx)).status,
    ).toBe(401);
    expect(c.calls).toEqual([]);
  });

  it('the status page holds no data and loads without the token', async () => {
    expect((await get('/ui', { authToken: token })).status).toBe(200);
    expect((await get('/metrics', { authToken: token })).status).toBe(401);
    expect((await get('/healthz', { authToken: token })).status).toBe(401);
  });
});

describe('notReady', () => {
  it.each([
    { name: 'all well', v: view, reasons: [] },
    {
      name: 'offsets not read',
      v: { ...view, offsetsRead: false },
      reasons: ['the offsets topic has not been read yet'],
    },
    {
      name: 'no discovery yet',
      v: { ...view, discoveryRan: false },
      reasons: ['discovery has not run yet'],
    },
    {
      name: 'a failed task, named',
      v: { ...view, tables: [table({ table: 't', state: 'FAILED', error: 'boom' })] },
      reasons: ['task t is FAILED: boom'],
    },
    {
      name: 'a stalled task, named with its shard and how long',
      v: {
        ...view,
        tables: [
          table({
            table: 't',
            state: 'STALLED',
            stall: { reason: 'shard_no_round', shardId: 'shardId-1', forMs: 61_400 },
          }),
        ],
      },
      reasons: ['task t is STALLED: shard_no_round on shard shardId-1 for 61 s'],
    },
    {
      name: 'a standby: only that, with why',
      v: { ...view, offsetsRead: false, discoveryRan: false, ownership: standby },
      reasons: ['standby: another…'],
    },
    {
      name: 'not yet in the group, with the last fault',
      v: {
        ...view,
        offsetsRead: false,
        ownership: { ...standby, state: 'JOINING' as const, owner: null, reason: 'kafka: x' },
      },
      reasons: ['not yet a member of consumer group dynamodb-kafka-connect.orders-cdc: kafka: x'],
    },
    {
      name: 'a paused task is ready',
      v: { ...view, paused: true, tables: [table({ table: 't', state: 'PAUSED' })] },
      reasons: [],
    },
  ])('$name', async ({ v, reasons }) => {
    expect(notReady(v)).toEqual(reasons);
    expect((await get('/readyz', { v })).status).toBe(reasons.length ? 503 : 200);
  });
});

import { describe, expect, it } from 'vitest';
import type { WorkerView } from '../worker/worker-view.js';
import { notReady, route } from './routes.js';

const view: WorkerView = {
  connector: 'orders-cdc',
  kafkaClusterId: 'cluster-1',
  offsetsRead: true,
  discoveryRan: true,
  tables: [
    { table: 'orders', state: 'RUNNING', phase: 'SYNC', generation: 2, error: null },
    { table: 'audit', state: 'DONE', phase: 'DONE', generation: 1, error: null },
  ],
  ineligible: [{ table: 'legacy', reason: 'no stream' }],
};
const info = { version: '0.1.0', commit: null, workerId: '127.0.0.1:8083' };

describe('route', () => {
  it.each([
    {
      name: 'root',
      method: 'GET',
      url: '/',
      status: 200,
      body: { version: '0.1.0', commit: null, kafka_cluster_id: 'cluster-1' },
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
      name: 'one task, by table',
      method: 'GET',
      url: '/connectors/orders-cdc/tasks/orders/status',
      status: 200,
      body: {
        id: 1,
        state: 'RUNNING',
        worker_id: '127.0.0.1:8083',
        table: 'orders',
        phase: 'SYNC',
        generation: 2,
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
      name: 'malformed escape',
      method: 'GET',
      url: '/connectors/%E0%A4%A/status',
      status: 400,
      body: { error_code: 400, message: 'malformed path /connectors/%E0%A4%A/status' },
    },
  ])('$name', ({ method, url, status, body }) => {
    expect(route(method, url, view, info)).toEqual({ status, body });
  });

  it('connector status: Connect shape, tasks in table order, ineligible tables', () => {
    const { status, body } = route('GET', '/connectors/orders-cdc/status', view, info);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      name: 'orders-cdc',
      connector: { state: 'RUNNING', worker_id: '127.0.0.1:8083' },
      type: 'source',
      tasks: [
        { id: 0, table: 'audit', state: 'DONE' },
        { id: 1, table: 'orders', state: 'RUNNING' },
      ],
      ineligible: [{ table: 'legacy', reason: 'no stream' }],
    });
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
      v: {
        ...view,
        tables: [
          {
            table: 't',
            state: 'FAILED' as const,
            phase: 'SYNC' as const,
            generation: 1,
            error: 'boom',
          },
        ],
      },
      reasons: ['task t is FAILED: boom'],
    },
  ])('$name', ({ v, reasons }) => {
    expect(notReady(v)).toEqual(reasons);
    expect(route('GET', '/readyz', v, info).status).toBe(reasons.length ? 503 : 200);
  });
});

import type { TableView, WorkerView } from '../worker/worker-view.js';

export interface ServerInfo {
  version: string;
  /** The build's git commit, when the build says (DKC_COMMIT); else null. */
  commit: string | null;
  /** host:port of this worker, as Kafka Connect's worker_id. */
  workerId: string;
}

export interface Reply {
  status: number;
  body: unknown;
}

const error = (status: number, message: string): Reply => ({
  status,
  body: { error_code: status, message },
});

function taskStatus(t: TableView, id: number, workerId: string) {
  return {
    id,
    state: t.state,
    worker_id: workerId,
    ...(t.error ? { trace: t.error } : {}),
    table: t.table,
    phase: t.phase,
    generation: t.generation,
    error: t.error,
  };
}

function connectorStatus(view: WorkerView, info: ServerInfo) {
  const tables = [...view.tables].sort((a, b) => (a.table < b.table ? -1 : 1));
  return {
    name: view.connector,
    connector: { state: 'RUNNING', worker_id: info.workerId },
    tasks: tables.map((t, i) => taskStatus(t, i, info.workerId)),
    type: 'source',
    ineligible: view.ineligible,
  };
}

/** Why the worker is not ready, or nothing: offsets read, discovery ran, no task FAILED. */
export function notReady(view: WorkerView): string[] {
  const reasons: string[] = [];
  if (!view.offsetsRead) reasons.push('the offsets topic has not been read yet');
  if (!view.discoveryRan) reasons.push('discovery has not run yet');
  for (const t of view.tables)
    if (t.state === 'FAILED') reasons.push(`task ${t.table} is FAILED: ${t.error ?? 'no reason'}`);
  return reasons;
}

type Handler = (view: WorkerView, info: ServerInfo, params: string[]) => Reply;

/** Kafka Connect's REST shape (docs/REST.md): path patterns, then what each method does. */
const ROUTES: [RegExp, Record<string, Handler>][] = [
  [
    /^\/$/,
    {
      GET: (view, info) => ({
        status: 200,
        body: { version: info.version, commit: info.commit, kafka_cluster_id: view.kafkaClusterId },
      }),
    },
  ],
  [/^\/connectors$/, { GET: (view) => ({ status: 200, body: [view.connector] }) }],
  [
    /^\/connectors\/([^/]+)\/status$/,
    {
      GET: (view, info, [name]) =>
        name === view.connector
          ? { status: 200, body: connectorStatus(view, info) }
          : error(404, `connector ${name} not found`),
    },
  ],
  [
    /^\/connectors\/([^/]+)\/tasks\/([^/]+)\/status$/,
    {
      GET: (view, info, [name, table]) => {
        if (name !== view.connector) return error(404, `connector ${name} not found`);
        const tasks = connectorStatus(view, info).tasks;
        const task = tasks.find((t) => t.table === table);
        return task ? { status: 200, body: task } : error(404, `task ${table} not found`);
      },
    },
  ],
  [/^\/healthz$/, { GET: () => ({ status: 200, body: { status: 'ok' } }) }],
  [
    /^\/readyz$/,
    {
      GET: (view) => {
        const reasons = notReady(view);
        return reasons.length === 0
          ? { status: 200, body: { ready: true } }
          : { status: 503, body: { ready: false, reasons } };
      },
    },
  ],
];

/** One request's answer: a pure function of the method, the path and the worker's state. */
export function route(method: string, url: string, view: WorkerView, info: ServerInfo): Reply {
  const path = url.split('?')[0] ?? '';
  for (const [pattern, methods] of ROUTES) {
    const m = pattern.exec(path);
    if (!m) continue;
    const handler = methods[method === 'HEAD' ? 'GET' : method];
    if (!handler) return error(405, `method ${method} not allowed on ${path}`);
    let params: string[];
    try {
      params = m.slice(1).map((p) => decodeURIComponent(p));
    } catch {
      return error(400, `malformed path ${path}`);
    }
    return handler(view, info, params);
  }
  return error(404, `no such endpoint: ${path}`);
}

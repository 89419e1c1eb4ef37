import type { TableView, WorkerControl, WorkerView } from '../worker/worker-view.js';
import { type Reply, type RequestInfo, refused } from './access.js';
import { STATUS_PAGE_HTML } from './status-page.js';

export type { Reply } from './access.js';

export interface ServerInfo {
  version: string;
  /** The build's git commit, when the build says (DKC_COMMIT); else null. */
  commit: string | null;
  /** host:port of this worker, as Kafka Connect's worker_id. */
  workerId: string;
}

/** What a request may read and do. */
export interface RouteContext {
  view: () => WorkerView;
  info: ServerInfo;
  control: WorkerControl;
  allowWrites: boolean;
  authToken: string | null;
  metrics: () => Promise<{ contentType: string; text: string }>;
}

const error = (status: number, message: string): Reply => ({
  status,
  body: { error_code: status, message },
});

function taskStatus(t: TableView, id: number, workerId: string) {
  const { initSync, sync } = t.progress;
  return {
    id,
    state: t.state,
    worker_id: workerId,
    ...(t.error ? { trace: t.error } : {}),
    table: t.table,
    phase: t.phase,
    region: t.region,
    generation: t.generation,
    init_sync: initSync && {
      items: initSync.items,
      approximate_total: initSync.approximateTotal,
      percent: initSync.percent,
      eta_s: initSync.etaS,
    },
    sync: sync && {
      shards_active: sync.shardsActive,
      millis_behind_source: sync.millisBehindSource,
      last_event_ms: sync.lastEventMs,
    },
    stall: t.stall && { reason: t.stall.reason, shard_id: t.stall.shardId, for_ms: t.stall.forMs },
    error: t.error,
  };
}

/** Neither the owner nor a member: Connect's UNASSIGNED (this worker runs no task of it). */
function connectorState(view: WorkerView): string {
  const { state } = view.ownership;
  if (state !== 'OWNER' && state !== 'MEMBER') return 'UNASSIGNED';
  return view.paused ? 'PAUSED' : 'RUNNING';
}

function connectorStatus(view: WorkerView, info: ServerInfo) {
  const tables = [...view.tables].sort((a, b) => (a.table < b.table ? -1 : 1));
  const { groupId, state, owner, reason } = view.ownership;
  return {
    name: view.connector,
    connector: { state: connectorState(view), worker_id: info.workerId },
    tasks: tables.map((t, i) => taskStatus(t, i, info.workerId)),
    type: 'source',
    ineligible: view.ineligible,
    ownership: {
      group_id: groupId,
      state,
      owner: owner && {
        worker_id: owner.workerId,
        rest_address: owner.rest,
        started_at: owner.startedAt,
      },
      reason,
    },
    ...(view.assignment ? { assignment: view.assignment } : {}),
  };
}

/**
 * Why the worker is not ready, or nothing: it owns the connector (else that alone is the
 * reason), offsets read, discovery ran, no task FAILED/STALLED.
 */
export function notReady(view: WorkerView): string[] {
  const { ownership } = view;
  if (ownership.state === 'STANDBY') return [`standby: ${ownership.reason}`];
  if (ownership.state === 'JOINING') {
    const why = ownership.reason ? `: ${ownership.reason}` : '';
    return [`not yet a member of consumer group ${ownership.groupId}${why}`];
  }
  const reasons: string[] = [];
  if (!view.offsetsRead) reasons.push('the offsets topic has not been read yet');
  if (!view.discoveryRan) reasons.push('discovery has not run yet');
  for (const t of view.tables) {
    if (t.state === 'FAILED') reasons.push(`task ${t.table} is FAILED: ${t.error ?? 'no reason'}`);
    if (t.state === 'STALLED' && t.stall) {
      const where = t.stall.shardId ? ` on shard ${t.stall.shardId}` : '';
      reasons.push(
        `task ${t.table} is STALLED: ${t.stall.reason}${where} for ${Math.round(t.stall.forMs / 1000)} s`,
      );
    }
  }
  return reasons;
}

type Handler = (ctx: RouteContext, params: string[]) => Reply | Promise<Reply>;

/** The connector's own routes: 404 for another connector's name. */
const ofConnector =
  (handler: (ctx: RouteContext, view: WorkerView, rest: string[]) => Reply): Handler =>
  (ctx, [name, ...rest]) => {
    const view = ctx.view();
    return name === view.connector
      ? handler(ctx, view, rest)
      : error(404, `connector ${name} not found`);
  };

/** A mutating route: 403 unless http.allowWrites. */
const write =
  (handler: Handler): Handler =>
  (ctx, params) =>
    ctx.allowWrites
      ? handler(ctx, params)
      : error(403, 'writes are disabled: set http.allowWrites to restart, pause or resume');

/** Pause and resume answer 202 Accepted as Connect does: the tasks stop (or start) shortly after. */
const connectorAction = (act: (control: WorkerControl) => void): Handler =>
  write(
    ofConnector((ctx) => {
      act(ctx.control);
      return { status: 202 };
    }),
  );

/** Kafka Connect's REST shape (docs/REST.md): path patterns, then what each method does. */
const ROUTES: [RegExp, Record<string, Handler>][] = [
  [
    /^\/$/,
    {
      GET: (ctx) => ({
        status: 200,
        body: {
          version: ctx.info.version,
          commit: ctx.info.commit,
          kafka_cluster_id: ctx.view().kafkaClusterId,
          status_page: '/ui',
        },
      }),
    },
  ],
  [/^\/ui$/, { GET: () => ({ status: 200, html: STATUS_PAGE_HTML }) }],
  [/^\/connectors$/, { GET: (ctx) => ({ status: 200, body: [ctx.view().connector] }) }],
  [
    /^\/connectors\/([^/]+)\/status$/,
    { GET: ofConnector((ctx, view) => ({ status: 200, body: connectorStatus(view, ctx.info) })) },
  ],
  [
    /^\/connectors\/([^/]+)\/tasks\/([^/]+)\/status$/,
    {
      GET: ofConnector((ctx, view, [table]) => {
        const task = connectorStatus(view, ctx.info).tasks.find((t) => t.table === table);
        return task ? { status: 200, body: task } : error(404, `task ${table} not found`);
      }),
    },
  ],
  [
    /^\/connectors\/([^/]+)\/tasks\/([^/]+)\/restart$/,
    {
      POST: write(
        ofConnector((ctx, view, [table]) => {
          if (view.paused) return error(409, 'the connector is paused: resume it first');
          return ctx.control.restart(table as string)
            ? { status: 204 }
            : error(404, `task ${table} not found`);
        }),
      ),
    },
  ],
  [/^\/connectors\/([^/]+)\/pause$/, { PUT: connectorAction((c) => c.pause()) }],
  [/^\/connectors\/([^/]+)\/resume$/, { PUT: connectorAction((c) => c.resume()) }],
  [
    /^\/metrics$/,
    {
      GET: async (ctx) => {
        const { contentType, text } = await ctx.metrics();
        return { status: 200, text, contentType };
      },
    },
  ],
  [/^\/healthz$/, { GET: () => ({ status: 200, body: { status: 'ok' } }) }],
  [
    /^\/readyz$/,
    {
      GET: (ctx) => {
        const reasons = notReady(ctx.view());
        return reasons.length === 0
          ? { status: 200, body: { ready: true } }
          : { status: 503, body: { ready: false, reasons } };
      },
    },
  ],
];

/** One request's answer, from the method, the path, its credentials and the worker's state. */
export async function route(req: RequestInfo, ctx: RouteContext): Promise<Reply> {
  const path = req.url.split('?')[0] ?? '';
  // A browser opening the worker's address lands on the status page.
  if (path === '/' && req.method === 'GET' && req.accept?.includes('text/html'))
    return { status: 302, headers: { location: '/ui' } };
  const denied = refused(req, path, ctx.authToken);
  if (denied) return denied;
  for (const [pattern, methods] of ROUTES) {
    const m = pattern.exec(path);
    if (!m) continue;
    const handler = methods[req.method === 'HEAD' ? 'GET' : req.method];
    if (!handler) return error(405, `method ${req.method} not allowed on ${path}`);
    let params: string[];
    try {
      params = m.slice(1).map((p) => decodeURIComponent(p));
    } catch {
      return error(400, `malformed path ${path}`);
    }
    return handler(ctx, params);
  }
  return error(404, `no such endpoint: ${path}`);
}

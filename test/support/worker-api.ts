import { type MetricFamily, parseExposition } from './prometheus-parser.js';

export interface ApiReply {
  status: number;
  body: unknown;
}

/** The worker's REST API on 127.0.0.1:`port`, with a bearer token when given. */
export function workerApi(port: number, token?: string) {
  const request = (method: string, path: string, as = token) =>
    fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: as ? { authorization: `Bearer ${as}` } : {},
      signal: AbortSignal.timeout(10_000),
    });
  const call = async (method: string, path: string, as = token): Promise<ApiReply> => {
    const res = await request(method, path, as);
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return {
    get: (path: string, as?: string) => call('GET', path, as),
    put: (path: string, as?: string) => call('PUT', path, as),
    post: (path: string, as?: string) => call('POST', path, as),
    /** One task's status, by table. */
    task: async (connector: string, table: string) =>
      (await call('GET', `/connectors/${connector}/tasks/${encodeURIComponent(table)}/status`))
        .body as TaskStatus,
    /** /metrics, parsed by Prometheus' own client library (it rejects a malformed line). */
    metrics: async (): Promise<MetricFamily[]> => {
      const res = await request('GET', '/metrics');
      if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
      return parseExposition(await res.text());
    },
  };
}

export interface TaskStatus {
  state: string;
  table: string;
  phase: string | null;
  region: string | null;
  generation: number | null;
  init_sync: {
    items: number;
    approximate_total: number | null;
    percent: number | null;
    eta_s: number | null;
  } | null;
  sync: {
    shards_active: number;
    millis_behind_source: number | null;
    last_event_ms: number | null;
  } | null;
  stall: { reason: string; shard_id: string | null; for_ms: number } | null;
  error: string | null;
}

import { createServer } from 'node:http';
import { listen } from '../http/http-server.js';
import type { Logger } from '../observability/logger.js';
import type { ReplicateMetrics } from './replicate-metrics.js';

/** `/metrics` (Prometheus text) and `/healthz` for `replicate`: the worker's REST API is not its own. */
export async function startMetricsServer(
  opts: { host: string; port: number },
  metrics: ReplicateMetrics,
  logger: Logger,
): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (req.method === 'GET' && path === '/metrics') {
        const { contentType, text } = await metrics.exposition();
        res.writeHead(200, { 'content-type': contentType }).end(text);
      } else if (req.method === 'GET' && path === '/healthz') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      } else res.writeHead(404).end();
    } catch (err) {
      logger.warn('http request failed', { url: req.url, error: (err as Error).message });
      res.writeHead(500).end();
    }
  });
  return listen(server, opts, logger);
}

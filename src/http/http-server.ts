import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../observability/logger.js';
import type { WorkerView } from '../worker/worker-view.js';
import { route, type ServerInfo } from './routes.js';

export interface HttpServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The REST status and health endpoints on node:http: a handful of read-only JSON routes need no
 * framework. A request can never throw into the worker: every answer comes from route(), and a
 * failure there is a 500 for that request only.
 */
export async function startHttpServer(
  opts: { host: string; port: number },
  view: () => WorkerView,
  info: Omit<ServerInfo, 'workerId'>,
  logger: Logger,
): Promise<HttpServer> {
  let workerId = `${opts.host}:${opts.port}`;
  const server: Server = createServer((req, res) => {
    let status = 500;
    let body: unknown = { error_code: 500, message: 'internal error' };
    try {
      ({ status, body } = route(req.method ?? 'GET', req.url ?? '/', view(), {
        ...info,
        workerId,
      }));
    } catch (err) {
      logger.warn('http request failed', { url: req.url, error: (err as Error).message });
    }
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(req.method === 'HEAD' ? undefined : text);
  });
  // A client that sends garbage gets a 400 from node:http; it never reaches the worker.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  workerId = `${opts.host}:${port}`;
  logger.info('http listening', { host: opts.host, port });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

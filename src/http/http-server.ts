import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../observability/logger.js';
import { type Reply, type RouteContext, route, type ServerInfo } from './routes.js';

export interface HttpServer {
  port: number;
  /** host:port it listens on: the worker's id, as Kafka Connect's worker_id. */
  workerId: string;
  close(): Promise<void>;
}

/**
 * The REST, metrics and health endpoints and the status page on node:http: a dozen routes need
 * no framework. A request can never throw into the worker: every answer comes from route(), and
 * a failure there is a 500 for that request only.
 */
export async function startHttpServer(
  opts: { host: string; port: number },
  ctx: Omit<RouteContext, 'info'> & { info: Omit<ServerInfo, 'workerId'> },
  logger: Logger,
): Promise<HttpServer> {
  let workerId = `${opts.host}:${opts.port}`;
  const server: Server = createServer(async (req, res) => {
    let reply: Reply = { status: 500, body: { error_code: 500, message: 'internal error' } };
    try {
      reply = await route(
        {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          authorization: req.headers.authorization,
          accept: req.headers.accept,
        },
        { ...ctx, info: { ...ctx.info, workerId } },
      );
    } catch (err) {
      logger.warn('http request failed', { url: req.url, error: (err as Error).message });
    }
    const [type, text] =
      reply.html !== undefined
        ? ['text/html; charset=utf-8', reply.html]
        : reply.text !== undefined
          ? [reply.contentType ?? 'text/plain; charset=utf-8', reply.text]
          : ['application/json', reply.body === undefined ? '' : JSON.stringify(reply.body)];
    res.writeHead(reply.status, {
      ...reply.headers,
      ...(text ? { 'content-type': type } : {}),
      'content-length': Buffer.byteLength(text),
    });
    res.end(req.method === 'HEAD' ? undefined : text);
  });
  // A client that sends garbage gets a 400 from node:http; it never reaches the worker.
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
    else socket.destroy();
  });
  const listening = await listen(server, opts, logger);
  workerId = `${opts.host}:${listening.port}`;
  return { ...listening, workerId };
}

/** Listens on host:port (0 = any free port), logs `http listening`; close ends open connections too. */
export async function listen(
  server: Server,
  opts: { host: string; port: number },
  logger: Logger,
): Promise<{ port: number; close(): Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
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

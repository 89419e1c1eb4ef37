import {
  createServer,
  type IncomingHttpHeaders,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';

/** One request that went through the proxy, with the answer it got. */
export interface Exchange {
  headers: IncomingHttpHeaders;
  body: string;
  status: number;
  answer: string;
}

/**
 * An HTTP proxy on 127.0.0.1 in front of one server that keeps every request and answer, so a
 * test can see what a worker sent (which key signed it) and what it was told.
 */
export class RecordingProxy {
  readonly exchanges: Exchange[] = [];

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  static async start(targetUrl: string): Promise<RecordingProxy> {
    const server = createServer();
    const proxy = new RecordingProxy(server, new URL(targetUrl));
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () =>
        proxy.forward(req.method, req.url, req.headers, Buffer.concat(chunks), res),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private forward(
    method: string | undefined,
    path: string | undefined,
    headers: IncomingHttpHeaders,
    body: Buffer,
    res: ServerResponse,
  ): void {
    const upstream = request(
      { host: this.target.hostname, port: this.target.port, method, path, headers },
      (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (c: Buffer) => parts.push(c));
        answer.on('end', () => {
          const bytes = Buffer.concat(parts);
          this.exchanges.push({
            headers,
            body: body.toString('utf8'),
            status: answer.statusCode ?? 0,
            answer: bytes.toString('utf8'),
          });
          res.writeHead(answer.statusCode ?? 502, answer.headers).end(bytes);
        });
      },
    );
    upstream.on('error', () => res.destroy());
    upstream.end(body);
  }
}

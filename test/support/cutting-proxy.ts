import {
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';

/**
 * An HTTP proxy on 127.0.0.1 in front of one server that a test can make stop answering some
 * requests: those whose body `cut` matches are held open with no answer (as a dead route or a
 * hung server would), the others pass. `restore` drops the held ones, whose clients then retry.
 */
export class CuttingProxy {
  private cutWhen: ((body: string) => boolean) | null = null;
  private readonly held = new Set<ServerResponse>();
  /** Requests held since the last cut. */
  heldCount = 0;

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  static async start(targetUrl: string): Promise<CuttingProxy> {
    const server = createServer();
    const proxy = new CuttingProxy(server, new URL(targetUrl));
    server.on('request', (req, res) => proxy.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  cut(when: (body: string) => boolean): void {
    this.cutWhen = when;
    this.heldCount = 0;
  }

  restore(): void {
    this.cutWhen = null;
    for (const res of this.held) res.destroy();
    this.held.clear();
  }

  async close(): Promise<void> {
    this.restore();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (this.cutWhen?.(body.toString('utf8'))) {
        this.held.add(res);
        this.heldCount += 1;
        res.on('close', () => this.held.delete(res));
        return;
      }
      const upstream = request(
        {
          host: this.target.hostname,
          port: this.target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    });
  }
}

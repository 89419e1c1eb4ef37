import { createServer, type Server } from 'node:http';

/** One AssumeRole call as the stand-in received it. */
export interface StsCall {
  params: Record<string, string>;
  /** The access key id the request was signed with (SigV4 Credential=…). */
  signedWith: string | undefined;
}

/** What the stand-in answers: credentials valid for `validForMs`, or STS's error shape. */
export type StsAnswer =
  | { validForMs: number }
  | { error: { code: string; message: string; status: number } };

/** The access key id a SigV4 Authorization header was signed with. */
export function signingKeyId(authorization: string | undefined): string | undefined {
  return /Credential=([^/,\s]+)\//.exec(authorization ?? '')?.[1];
}

/**
 * A stand-in for STS on 127.0.0.1 (the query protocol, AssumeRole only) for what moto's STS
 * does not do: refuse a role, hand out credentials that expire soon. Each answer's key id is
 * `ASIASTANDIN<n>`, so a test can tell which call's credentials signed a later request.
 */
export class StsStandIn {
  readonly calls: StsCall[] = [];

  private constructor(
    private readonly server: Server,
    private readonly answer: (params: Record<string, string>) => StsAnswer,
  ) {}

  static async start(answer: (params: Record<string, string>) => StsAnswer): Promise<StsStandIn> {
    const server = createServer();
    const sts = new StsStandIn(server, answer);
    server.on('request', (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
        sts.calls.push({ params, signedWith: signingKeyId(req.headers.authorization) });
        const { status, body } = sts.respond(params);
        res.writeHead(status, { 'content-type': 'text/xml' }).end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return sts;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private respond(params: Record<string, string>): { status: number; body: string } {
    const ns = 'https://sts.amazonaws.com/doc/2011-06-15/';
    const answer = this.answer(params);
    if ('error' in answer) {
      const { code, message, status } = answer.error;
      return {
        status,
        body: `<ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>r-${this.calls.length}</RequestId></ErrorResponse>`,
      };
    }
    const n = this.calls.length;
    const expiration = new Date(Date.now() + answer.validForMs).toISOString();
    const session = params.RoleSessionName ?? 'session';
    return {
      status: 200,
      body: `<AssumeRoleResponse xmlns="${ns}"><AssumeRoleResult><Credentials><AccessKeyId>ASIASTANDIN${n}</AccessKeyId><SecretAccessKey>stand-in-secret-${n}</SecretAccessKey><SessionToken>stand-in-token-${n}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROASTANDIN:${session}</AssumedRoleId><Arn>arn:aws:sts::123456789012:assumed-role/stand-in/${session}</Arn></AssumedRoleUser></AssumeRoleResult><ResponseMetadata><RequestId>r-${n}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    };
  }
}

import http from 'node:http';
import https from 'node:https';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';

/** An error answer of DynamoDB, shaped as the SDK shapes its errors (name, HTTP status). */
export class DynamoDbServiceError extends Error {
  readonly $metadata: { httpStatusCode: number };

  constructor(name: string, message: string, status: number) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode: status };
  }
}

/** Binary attributes (ExclusiveStartKey) go as base64, as the SDK sends them. */
export function bodyReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const original = this[key];
  return original instanceof Uint8Array ? Buffer.from(original).toString('base64') : value;
}

// Signatures are valid for 5 minutes: a clock further off than that fails every call.
const SKEW_ERRORS = new Set(['InvalidSignatureException', 'RequestTimeTooSkewed']);

/**
 * DynamoDB's JSON protocol for the calls made many times a second (Scan pages, GetRecords
 * polls): signed with the SDK's SigV4 signer and credentials, sent on keep-alive connections,
 * the answer returned as bytes for the wire reader. The SDK's client does the same work through
 * ~20 middleware steps; on this machine kind that was 1.3 ms of CPU per call against 0.5 ms
 * here, and an idle worker is all polls (bench: idle CPU). Retries stay with the caller.
 */
export class JsonRpc {
  private readonly signer: SignatureV4;
  private clockOffsetMs = 0;
  private endpoint!: URL;
  private agent: http.Agent | undefined;
  private request!: typeof http.request;
  private readonly ready: Promise<void>;

  constructor(
    /** Where to send (resolved once, e.g. from the SDK's endpoint rules). */
    endpoint: URL | Promise<URL>,
    /** X-Amz-Target prefix: DynamoDB_20120810 or DynamoDBStreams_20120810. */
    private readonly targetPrefix: string,
    region: string,
    credentials: AwsCredentialIdentityProvider,
    private readonly timeoutMs = 60_000,
  ) {
    this.signer = new SignatureV4({ service: 'dynamodb', region, credentials, sha256: Sha256 });
    this.ready = Promise.resolve(endpoint).then((url) => {
      const secure = url.protocol === 'https:';
      this.endpoint = url;
      this.agent = new (secure ? https : http).Agent({ keepAlive: true });
      this.request = secure ? https.request : http.request;
    });
    // A failed resolution surfaces at the first call, not as an unhandled rejection.
    this.ready.catch(() => {});
  }

  /** A call whose answer the caller wants as an object (the small answers). */
  async json<T>(operation: string, input: unknown): Promise<T> {
    return JSON.parse((await this.call(operation, input)).toString('utf8')) as T;
  }

  async call(operation: string, input: unknown): Promise<Buffer> {
    await this.ready;
    const body = JSON.stringify(input, bodyReplacer);
    const { hostname, port, pathname } = this.endpoint;
    const signed = await this.signer.sign(
      {
        method: 'POST',
        protocol: this.endpoint.protocol,
        hostname,
        port: port ? Number(port) : undefined,
        path: pathname,
        query: {},
        headers: {
          host: this.endpoint.host,
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `${this.targetPrefix}.${operation}`,
          'content-length': String(Buffer.byteLength(body)),
        },
        body,
      },
      { signingDate: new Date(Date.now() + this.clockOffsetMs) },
    );
    const { status, headers, bytes } = await this.send(signed.headers, body);
    if (status === 200) return bytes;
    throw this.error(status, headers, bytes);
  }

  private send(
    headers: Record<string, string>,
    body: string,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }> {
    return new Promise((resolve, reject) => {
      const req = this.request(
        this.endpoint,
        { method: 'POST', headers, agent: this.agent, timeout: this.timeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              bytes: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => {
        const err = new Error(`no answer from ${this.endpoint.host} in ${this.timeoutMs} ms`);
        req.destroy(Object.assign(err, { name: 'TimeoutError' }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  private error(status: number, headers: http.IncomingHttpHeaders, bytes: Buffer): Error {
    let name = `HTTP${status}`;
    let message = bytes.toString('utf8', 0, 500);
    try {
      const parsed = JSON.parse(bytes.toString('utf8')) as Record<string, string | undefined>;
      name = parsed.__type?.split('#').pop() ?? name;
      message = parsed.message ?? parsed.Message ?? message;
    } catch {
      // Not JSON (a proxy's page, say): the status and the text say enough.
    }
    if (SKEW_ERRORS.has(name) && headers.date) {
      // Sign the retry with the server's clock, as the SDK does.
      this.clockOffsetMs = Date.parse(headers.date) - Date.now();
      return Object.assign(new DynamoDbServiceError(name, message, status), { $retryable: {} });
    }
    return new DynamoDbServiceError(name, message, status);
  }

  close(): void {
    this.agent?.destroy();
  }
}

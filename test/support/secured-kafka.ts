import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KafkaSecurity } from '../../scripts/local-stack/settings.js';
import { endpoints } from './clients.js';
import type { ConfigObject } from './connector-config.js';
import { uniqueName } from './names.js';

/** The broker's secured listeners; these tests cannot run against servers without them. */
export function security(): KafkaSecurity {
  const s = endpoints().kafkaSecurity;
  if (!s)
    throw new Error(
      'these tests need the broker’s TLS/SASL listeners: run them with the local stack, or set KAFKA_SECURITY_FILE',
    );
  return s;
}

/** `kafka` config for SASL over TLS with the stack's user. */
export function saslKafka(
  mechanism: 'SCRAM-SHA-512' | 'SCRAM-SHA-256' | 'PLAIN',
  password?: string,
): ConfigObject {
  const s = security();
  return {
    brokers: [s.saslSslBrokers],
    ssl: { enabled: true, caFile: s.caFile },
    sasl: { mechanism, username: s.username, password: password ?? s.password },
  };
}

/** `kafka` config for TLS with a client certificate; the key encrypted or not. */
export function mtlsKafka(encryptedKey = false): ConfigObject {
  const s = security();
  return {
    brokers: [s.sslBrokers],
    ssl: {
      enabled: true,
      caFile: s.caFile,
      certFile: s.clientCertFile,
      ...(encryptedKey
        ? { keyFile: s.encryptedClientKeyFile, keyPassword: s.clientKeyPassphrase }
        : { keyFile: s.clientKeyFile }),
    },
  };
}

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');

/** An unsigned JWT, what Kafka's unsecured OAUTHBEARER validator (the stack's) accepts. */
export function unsignedJwt(sub: string, lifetimeS = 3600): string {
  const now = Math.floor(Date.now() / 1000);
  return `${b64({ alg: 'none' })}.${b64({ sub, iat: now, exp: now + lifetimeS })}.`;
}

export function oauthTokenFileKafka(): ConfigObject {
  const s = security();
  const file = join(tmpdir(), `${uniqueName('oauth-token')}.jwt`);
  writeFileSync(file, `${unsignedJwt('connector-oauth')}\n`);
  return {
    brokers: [s.saslSslBrokers],
    ssl: { enabled: true, caFile: s.caFile },
    sasl: { mechanism: 'OAUTHBEARER', oauthbearer: { tokenFile: file } },
  };
}

/**
 * A minimal OAuth 2 token endpoint (client-credentials grant, HTTP Basic client auth) that
 * issues unsigned JWTs: enough to prove the connector fetches and presents its tokens.
 */
export async function startTokenEndpoint(clientId: string, clientSecret: string) {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
      requests.push(body);
      const ok =
        req.headers.authorization === expected && body.includes('grant_type=client_credentials');
      res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          ok
            ? {
                access_token: unsignedJwt('connector-oauth'),
                token_type: 'Bearer',
                expires_in: 3600,
              }
            : { error: 'invalid_client' },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/token`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

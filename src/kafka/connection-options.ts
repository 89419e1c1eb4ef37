import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { AwsCredentialIdentityProvider } from '@aws-sdk/types';
import type { BaseOptions, SASLOptions } from '@platformatic/kafka';
import type { KafkaConfig } from '../config/kafka-rules.js';
import type { Logger } from '../observability/logger.js';
import { backoffDelay } from '../retry.js';
import { describeKafkaError, isConcurrentTransactions } from './kafka-failure.js';
import {
  clientCredentialsToken,
  fileToken,
  mskIamToken,
  type TokenProvider,
} from './oauth-token.js';

/** What every client of the connector (producers, admin, topic reader) connects with. */
export type ConnectionSettings = Pick<
  BaseOptions,
  | 'clientId'
  | 'bootstrapBrokers'
  | 'tls'
  | 'tlsServerName'
  | 'sasl'
  | 'connectTimeout'
  | 'requestTimeout'
  | 'timeout'
  | 'retries'
  | 'retryDelay'
>;

export interface ConnectionDeps {
  /** The AWS credential chain the DynamoDB clients use, for AWS_MSK_IAM. */
  awsCredentials: AwsCredentialIdentityProvider;
  awsRegion: string;
  logger: Logger;
}

/**
 * The client retries one request a few times (same producer id and sequence numbers, so the
 * broker drops a duplicate of a write that did land), for about 10 s; past that the error
 * reaches the connector, which decides (kafka.retryTimeoutMs). Each client retry is logged.
 */
export const CLIENT_RETRIES = 7;
const CLIENT_BACKOFF = { initialMs: 100, maxMs: 3000 };
const CONCURRENT_TRANSACTIONS_DELAY_MS = 20;

const read = (path: string) => readFileSync(path, 'utf8');
/** A secret given inline, or read from its file at every use (so a rotated file is picked up). */
const secret = (value: string | null, file: string | null): (() => string) =>
  value !== null ? () => value : () => read(file as string).trim();

function tlsOptions(ssl: KafkaConfig['ssl']): TlsOptions {
  return {
    ca: ssl.caFile ? read(ssl.caFile) : undefined,
    cert: ssl.certFile ? read(ssl.certFile) : undefined,
    key: ssl.keyFile ? read(ssl.keyFile) : undefined,
    passphrase:
      ssl.keyPassword !== null || ssl.keyPasswordFile !== null
        ? secret(ssl.keyPassword, ssl.keyPasswordFile)()
        : undefined,
    rejectUnauthorized: ssl.rejectUnauthorized,
  };
}

function oauthToken(kafka: KafkaConfig): TokenProvider {
  const o = kafka.sasl.oauthbearer;
  if (o.token !== null) {
    const token = o.token;
    return async () => token;
  }
  if (o.tokenFile !== null) return fileToken(o.tokenFile);
  return clientCredentialsToken({
    tokenEndpointUrl: o.tokenEndpointUrl as string,
    clientId: o.clientId as string,
    clientSecret: secret(o.clientSecret, o.clientSecretFile),
    scope: o.scope,
  });
}

function saslOptions(kafka: KafkaConfig, deps: ConnectionDeps): SASLOptions | undefined {
  const { sasl } = kafka;
  switch (sasl.mechanism) {
    case 'none':
      return undefined;
    case 'PLAIN':
    case 'SCRAM-SHA-256':
    case 'SCRAM-SHA-512':
      return {
        mechanism: sasl.mechanism,
        username: sasl.username as string,
        password: secret(sasl.password, sasl.passwordFile),
      };
    case 'OAUTHBEARER':
      return {
        mechanism: 'OAUTHBEARER',
        token: oauthToken(kafka),
        oauthBearerExtensions: Object.fromEntries(
          sasl.oauthbearer.extensions.map((e) => e.split(/=(.*)/s).slice(0, 2)),
        ),
      };
    case 'AWS_MSK_IAM':
      // MSK's IAM access control is OAUTHBEARER with a signed token (what AWS's Java and
      // librdkafka clients send too).
      return {
        mechanism: 'OAUTHBEARER',
        token: mskIamToken(sasl.awsRegion ?? deps.awsRegion, deps.awsCredentials),
      };
    default:
      throw new Error(`unknown kafka.sasl.mechanism ${sasl.mechanism}`);
  }
}

/** The client options for the configured cluster: brokers, TLS, SASL, timeouts and retries. */
export function connectionSettings(kafka: KafkaConfig, deps: ConnectionDeps): ConnectionSettings {
  const log = deps.logger.child({ component: 'kafka' });
  return {
    clientId: kafka.clientId,
    bootstrapBrokers: kafka.brokers,
    tls: kafka.ssl.enabled ? tlsOptions(kafka.ssl) : undefined,
    // Node sends the host as SNI and checks the certificate against it unless told otherwise.
    tlsServerName: kafka.ssl.serverName ?? undefined,
    sasl: saslOptions(kafka, deps),
    connectTimeout: kafka.connectionTimeoutMs,
    requestTimeout: kafka.requestTimeoutMs,
    timeout: kafka.requestTimeoutMs,
    retries: CLIENT_RETRIES,
    retryDelay: (_client, operation, attempt, _retries, error) => {
      // Every transaction's first write meets the markers of the one before it: a normal wait
      // of milliseconds, which the usual backoff would turn into 100 ms per transaction. From
      // 20 ms doubling, the client's 7 tries wait about 2 s in all.
      if (isConcurrentTransactions(error)) {
        log.debug('kafka request retrying', {
          operation,
          attempt,
          error: 'CONCURRENT_TRANSACTIONS',
        });
        return Math.min(CONCURRENT_TRANSACTIONS_DELAY_MS * 2 ** (attempt - 1), 1000);
      }
      const delayMs = backoffDelay(attempt - 1, CLIENT_BACKOFF);
      log.warn('kafka request retrying', {
        operation,
        attempt,
        delayMs,
        error: describeKafkaError(error).message,
      });
      return delayMs;
    },
  };
}

/** The bootstrap brokers as host:port, for messages that cannot name the broker that failed. */
export const bootstrapOf = (settings: ConnectionSettings): string[] =>
  settings.bootstrapBrokers.map((b) => (typeof b === 'string' ? b : `${b.host}:${b.port}`));

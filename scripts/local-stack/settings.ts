import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the stack keeps downloads and run state, and which ports it uses. Everything lives
 * outside the repository so a fresh clone reuses what an earlier clone downloaded, and the
 * ports avoid a user's own Kafka (9092) and DynamoDB Local (8000).
 */
export interface StackSettings {
  cacheDir: string;
  stateDir: string;
  host: string;
  kafkaPort: number;
  kafkaControllerPort: number;
  /** SASL_SSL and SSL (client certificate) listeners of the same broker: see kafka-security.ts. */
  kafkaSaslSslPort: number;
  kafkaSslPort: number;
  dynamodbPort: number;
  motoPort: number;
  /** DynamoDB Local's Java heap (-Xmx), e.g. '4g'. */
  dynamodbHeap: string;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a port number (1-65535), got '${raw}'`);
  }
  return value;
}

function heap(raw: string | undefined): string {
  if (raw === undefined || raw === '') return '4g';
  if (!/^\d+[mg]$/.test(raw))
    throw new Error(`STACK_DYNAMODB_HEAP must look like 512m or 4g, got '${raw}'`);
  return raw;
}

export function stackSettings(env: NodeJS.ProcessEnv = process.env): StackSettings {
  const cacheRoot = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  const cacheDir = env.DKC_CACHE_DIR || join(cacheRoot, 'dynamodb-kafka-connect');
  return {
    cacheDir,
    stateDir: env.DKC_STACK_DIR || join(cacheDir, 'stack'),
    host: '127.0.0.1',
    kafkaPort: port(env, 'STACK_KAFKA_PORT', 19092),
    kafkaControllerPort: port(env, 'STACK_KAFKA_CONTROLLER_PORT', 19093),
    kafkaSaslSslPort: port(env, 'STACK_KAFKA_SASL_SSL_PORT', 19094),
    kafkaSslPort: port(env, 'STACK_KAFKA_SSL_PORT', 19095),
    dynamodbPort: port(env, 'STACK_DYNAMODB_PORT', 18000),
    motoPort: port(env, 'STACK_MOTO_PORT', 15000),
    dynamodbHeap: heap(env.STACK_DYNAMODB_HEAP),
  };
}

/**
 * How a client reaches the broker's secured listeners. Files are PEM, absolute paths, made
 * afresh at every Kafka start; the secrets are random per start too.
 */
export interface KafkaSecurity {
  /** SASL over TLS: SCRAM-SHA-512, SCRAM-SHA-256 and PLAIN as `username`, OAUTHBEARER with an
   * unsigned JWT (`alg: none`) whose `sub` is the principal. */
  saslSslBrokers: string;
  /** TLS that requires a client certificate signed by `caFile` (mutual TLS). */
  sslBrokers: string;
  /** The CA that signed the broker's and the client's certificates. */
  caFile: string;
  /** A CA that signed nothing: a client trusting only it must fail the handshake. */
  otherCaFile: string;
  /** Client certificate, CN=connector-mtls. */
  clientCertFile: string;
  clientKeyFile: string;
  /** The same client key, PKCS#8 encrypted (AES-256) with `clientKeyPassphrase`. */
  encryptedClientKeyFile: string;
  clientKeyPassphrase: string;
  username: string;
  password: string;
}

/** The endpoints a client (the tests, the demo, a person) uses to reach the stack. */
export interface StackEndpoints {
  kafkaBrokers: string;
  dynamodbEndpoint: string;
  taggingEndpoint: string;
  kafkaSecurity: KafkaSecurity;
}

export function endpointsOf(s: StackSettings, kafkaSecurity: KafkaSecurity): StackEndpoints {
  return {
    kafkaBrokers: `${s.host}:${s.kafkaPort}`,
    dynamodbEndpoint: `http://${s.host}:${s.dynamodbPort}`,
    taggingEndpoint: `http://${s.host}:${s.motoPort}`,
    kafkaSecurity,
  };
}

import { readFileSync } from 'node:fs';
import type { KafkaSecurity } from '../../scripts/local-stack/settings.js';

/** Where the integration tests find their servers; given to every test file by the global setup. */
export interface TestEndpoints {
  kafkaBrokers: string;
  dynamodbEndpoint: string;
  taggingEndpoint: string;
  /** The broker's secured listeners (TLS, SASL, client certificates), where the servers have them. */
  kafkaSecurity?: KafkaSecurity;
  /** How they were found: env vars, testcontainers, or the project's local stack. */
  source: 'env' | 'testcontainers' | 'local-stack';
}

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: TestEndpoints;
  }
}

const ENV_KEYS = ['KAFKA_BROKERS', 'DYNAMODB_ENDPOINT', 'TAGGING_ENDPOINT'] as const;

// Every key, checked by the compiler against KafkaSecurity: a key added there must be added here.
const SECURITY_KEYS = Object.keys({
  saslSslBrokers: true,
  sslBrokers: true,
  caFile: true,
  otherCaFile: true,
  clientCertFile: true,
  clientKeyFile: true,
  encryptedClientKeyFile: true,
  clientKeyPassphrase: true,
  username: true,
  password: true,
} satisfies Record<keyof KafkaSecurity, true>) as (keyof KafkaSecurity)[];

/** KAFKA_SECURITY_FILE: JSON of the local stack's `kafkaSecurity` shape (every key a string). */
function securityFromFile(file: string): KafkaSecurity {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`KAFKA_SECURITY_FILE ${file}: ${(err as Error).message}`);
  }
  const record = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >;
  const missing = SECURITY_KEYS.filter((k) => typeof record[k] !== 'string');
  if (missing.length > 0) {
    throw new Error(`KAFKA_SECURITY_FILE ${file}: missing or not a string: ${missing.join(', ')}`);
  }
  return Object.fromEntries(SECURITY_KEYS.map((k) => [k, record[k]])) as unknown as KafkaSecurity;
}

/**
 * Endpoints from the environment: all three or none, so a half-configured environment fails
 * clearly instead of silently mixing a user's servers with started ones. KAFKA_SECURITY_FILE
 * optionally adds the secured listeners of the same Kafka.
 */
export function endpointsFromEnv(env: NodeJS.ProcessEnv): TestEndpoints | undefined {
  const set = ENV_KEYS.filter((k) => env[k]);
  if (set.length === 0) {
    if (env.KAFKA_SECURITY_FILE) {
      throw new Error(`KAFKA_SECURITY_FILE is used only with ${ENV_KEYS.join(', ')}: set them too`);
    }
    return undefined;
  }
  if (set.length < ENV_KEYS.length) {
    const missing = ENV_KEYS.filter((k) => !env[k]);
    throw new Error(
      `set all of ${ENV_KEYS.join(', ')} or none of them (missing: ${missing.join(', ')})`,
    );
  }
  return {
    kafkaBrokers: env.KAFKA_BROKERS as string,
    dynamodbEndpoint: env.DYNAMODB_ENDPOINT as string,
    taggingEndpoint: env.TAGGING_ENDPOINT as string,
    ...(env.KAFKA_SECURITY_FILE && { kafkaSecurity: securityFromFile(env.KAFKA_SECURITY_FILE) }),
    source: 'env',
  };
}

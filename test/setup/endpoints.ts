/** Where the integration tests find their servers; given to every test file by the global setup. */
export interface TestEndpoints {
  kafkaBrokers: string;
  dynamodbEndpoint: string;
  taggingEndpoint: string;
  /** How they were found: env vars, testcontainers, or the project's local stack. */
  source: 'env' | 'testcontainers' | 'local-stack';
}

declare module 'vitest' {
  export interface ProvidedContext {
    endpoints: TestEndpoints;
  }
}

const ENV_KEYS = ['KAFKA_BROKERS', 'DYNAMODB_ENDPOINT', 'TAGGING_ENDPOINT'] as const;

/**
 * Endpoints from the environment: all three or none, so a half-configured environment fails
 * clearly instead of silently mixing a user's servers with started ones.
 */
export function endpointsFromEnv(env: NodeJS.ProcessEnv): TestEndpoints | undefined {
  const set = ENV_KEYS.filter((k) => env[k]);
  if (set.length === 0) return undefined;
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
    source: 'env',
  };
}

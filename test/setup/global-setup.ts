import type { TestProject } from 'vitest/node';
import { stackDown, stackUp } from '../../scripts/local-stack/stack.js';
import { dockerAvailable, startContainers } from './containers.js';
import { endpointsFromEnv, type TestEndpoints } from './endpoints.js';

/**
 * Finds the servers for the integration tests: env vars first, then testcontainers when a Docker
 * engine answers, else the project's local stack (TEST_STACK=local skips the Docker check).
 * Teardown stops only what this run started.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const log = (line: string) => console.log(`[test stack] ${line}`);
  let endpoints: TestEndpoints | undefined = endpointsFromEnv(process.env);
  let teardown = async () => {};
  if (endpoints) {
    log(
      `using servers from KAFKA_BROKERS / DYNAMODB_ENDPOINT / TAGGING_ENDPOINT${endpoints.kafkaSecurity ? ' / KAFKA_SECURITY_FILE' : ''}`,
    );
  } else if (process.env.TEST_STACK !== 'local' && (await dockerAvailable())) {
    log('Docker engine found: starting containers');
    const containers = await startContainers();
    endpoints = containers.endpoints;
    teardown = containers.stop;
  } else {
    log('no Docker engine: using the local stack (scripts/stack)');
    const up = await stackUp('test', { log });
    const { kafkaBrokers, dynamodbEndpoint, taggingEndpoint, kafkaSecurity } = up.endpoints;
    endpoints = {
      kafkaBrokers,
      dynamodbEndpoint,
      taggingEndpoint,
      kafkaSecurity,
      source: 'local-stack',
    };
    if (up.reused.length > 0) log(`already running: ${up.reused.join(', ')}`);
    if (up.owned) teardown = async () => void (await stackDown());
    else
      log('the stack belongs to a person or another test run: it is left running after the tests');
  }
  log(
    `kafka ${endpoints.kafkaBrokers}, dynamodb ${endpoints.dynamodbEndpoint}, tagging ${endpoints.taggingEndpoint}`,
  );
  const security = endpoints.kafkaSecurity;
  if (security)
    log(`kafka secured: SASL_SSL ${security.saslSslBrokers}, SSL ${security.sslBrokers} (mTLS)`);
  else log('kafka secured listeners: none with these servers (no kafkaSecurity)');
  project.provide('endpoints', endpoints);
  return teardown;
}

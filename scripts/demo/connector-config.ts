/** The connector's config file for the demo: the local stack, the demo's one table, fast polling. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CREDENTIALS, type DemoNames, REGION, TOPIC_PREFIX } from './settings.js';

/** Writes the config to a temporary folder and returns its path. */
export function writeConnectorConfig(
  names: DemoNames,
  endpoints: { kafkaBrokers: string; dynamodbEndpoint: string },
): string {
  const config = {
    name: names.connector,
    aws: { region: REGION, endpoint: endpoints.dynamodbEndpoint, ...CREDENTIALS },
    tables: { whitelist: [names.table] },
    kafka: {
      brokers: endpoints.kafkaBrokers.split(','),
      offsetsTopic: names.offsetsTopic,
      topicPrefix: TOPIC_PREFIX,
    },
    // No wait before the snapshot (the default, 60 s, spreads restarts of many tables).
    initSync: { delayMs: 0 },
    sync: { idlePollMs: 100 },
    http: { port: 0 },
    log: { level: 'info', format: 'json' },
  };
  const dir = join(tmpdir(), 'dynamodb-kafka-connect-demo');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${names.connector}.json`);
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

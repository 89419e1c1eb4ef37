import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { endpoints } from './clients.js';
import { uniqueName } from './names.js';

/** A connector config file's contents, as loosely typed as JSON: tests also write invalid ones. */
export type ConfigObject = { [key: string]: unknown };

/** The contract's default `kafka.topicPrefix`, which the test configs keep. */
export const TOPIC_PREFIX = 'dynamodb-';

/** The topic the connector writes a table to (DESIGN §4: prefix + table name). */
export const topicFor = (table: string, prefix = TOPIC_PREFIX) => `${prefix}${table}`;

/**
 * What every test starts from: the servers the global setup found, a connector name and offsets
 * topic of its own (so one test never resumes another's offsets), no INIT_SYNC delay, an HTTP
 * port of its own, JSON logs
 * that a test can read back.
 */
export function defaultConfig(): ConfigObject {
  const ep = endpoints();
  return {
    name: uniqueName('connector'),
    aws: {
      region: 'us-east-1',
      endpoint: ep.dynamodbEndpoint,
      accessKeyId: 'test',
      secretAccessKey: 'test',
    },
    kafka: {
      brokers: ep.kafkaBrokers.split(','),
      offsetsTopic: uniqueName('offsets'),
    },
    initSync: { delayMs: 0 },
    // Any free port: workers of tests running side by side must not share 8083.
    http: { port: 0 },
    log: { level: 'info', format: 'json' },
  };
}

const isObject = (v: unknown): v is ConfigObject =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** Objects merge key by key; anything else (arrays included) in `overrides` replaces. */
export function deepMerge(base: ConfigObject, overrides: ConfigObject): ConfigObject {
  const out: ConfigObject = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

let dir: string | undefined;

/** Writes the default config merged with `overrides` to a fresh temp file; returns its path. */
export function writeConnectorConfig(overrides: ConfigObject = {}): string {
  return writeConfigFile(deepMerge(defaultConfig(), overrides));
}

/** Writes exactly `config` (no defaults), for tests of what the connector does with bad files. */
export function writeConfigFile(config: ConfigObject): string {
  dir ??= join(tmpdir(), 'dynamodb-kafka-connect-tests');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${uniqueName('config')}.json`);
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

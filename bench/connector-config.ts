import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StackEndpoints } from '../scripts/local-stack/settings.js';
import { credentials, REGION } from './clients.js';

export interface ConnectorRun {
  /** Connector name; also names its offsets topic and topic prefix, so runs never share state. */
  name: string;
  table: string;
  segments: number;
  /** More tables for the same worker (the idle measurement). */
  moreTables?: string[];
  /** kafka.compression; absent = the connector's default. */
  compression?: string;
  /** delivery.guarantee; absent = the connector's default. */
  guarantee?: string;
  /** worker.mode; absent = the connector's default (standalone). */
  mode?: string;
  /** No snapshot: the stream from its oldest record (initSync.mode never, trim_horizon). */
  streamOnly?: boolean;
}

/**
 * Scan Limit (`initSync.pageSize`) for the connector and the raw Scan alike. Without a Limit,
 * DynamoDB Local reads the rest of the table into its heap for every page: a scan gets
 * quadratic, and a 200,000-item table exhausts its 1 GB heap (OutOfMemoryError, InternalFailure).
 * 1,000 items of ~1 KB is about the 1 MB page real DynamoDB returns without a Limit.
 */
export const SCAN_PAGE_SIZE = 1000;

/** Topic prefix of a run: one topic per run, so a topic's end offset counts only that run. */
export const topicOf = (run: ConnectorRun) => `${run.name}-${run.table}`;

/**
 * The config a user would write for this run: defaults everywhere except what a bench must fix
 * (no INIT_SYNC delay, its own offsets topic, JSON logs it can read) and the one setting this
 * stack needs (page size: see above). Idle polling stays at the
 * default users get.
 */
export function writeConnectorConfig(endpoints: StackEndpoints, run: ConnectorRun): string {
  const config = {
    name: run.name,
    aws: { region: REGION, endpoint: endpoints.dynamodbEndpoint, ...credentials() },
    tables: { whitelist: [run.table, ...(run.moreTables ?? [])] },
    kafka: {
      brokers: endpoints.kafkaBrokers.split(','),
      topicPrefix: `${run.name}-`,
      offsetsTopic: `${run.name}-offsets`,
      ...(run.compression ? { compression: run.compression } : {}),
    },
    initSync: {
      delayMs: 0,
      segments: run.segments,
      pageSize: SCAN_PAGE_SIZE,
      progressIntervalMs: 5000,
      ...(run.streamOnly ? { mode: 'never' } : {}),
    },
    ...(run.streamOnly ? { sync: { startPosition: 'trim_horizon' } } : {}),
    ...(run.guarantee ? { delivery: { guarantee: run.guarantee } } : {}),
    ...(run.mode ? { worker: { mode: run.mode } } : {}),
    http: { port: 0 },
    log: { level: 'info', format: 'json' },
  };
  const dir = join(tmpdir(), 'dynamodb-kafka-connect-bench');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${run.name}.json`);
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

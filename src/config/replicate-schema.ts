import { int, ms, optional, text } from './formats.js';

/**
 * The `replicate` command's keys (docs/REPLICATE.md): a table's topic applied to another
 * DynamoDB table. Part of the schema (src/config/schema.ts); `run` reads none of them.
 */
export const replicateSchema = {
  groupId: {
    doc: "Kafka consumer group whose committed offsets say how far the target has been written; null = '<name>-replicate-<table>-to-<target>'. With ACLs the principal needs Read on this group.",
    format: optional(text('a group id (1 to 255 of A-Z a-z 0-9 . _ -)', /^[A-Za-z0-9._-]{1,255}$/)),
    default: null as string | null,
    env: 'REPLICATE_GROUP_ID',
  },
  versionAttribute: {
    doc: 'Attribute replicate keeps on every target item: the Kafka offset of the record that wrote it. A write is conditional on it, so a replayed or duplicated record never overwrites a newer one. A source item carrying it is refused.',
    format: text('an attribute name (1 to 255 characters)', /^.{1,255}$/su),
    default: '_replicate_offset',
  },
  maxWritesPerSecond: {
    doc: 'Cap on the writes (PutItem, DeleteItem) replicate sends per second; 0 = none.',
    format: int(0, 1_000_000),
    default: 0,
    env: 'REPLICATE_MAX_WRITES_PER_SECOND',
  },
  concurrency: {
    doc: 'Conditional writes in flight at once (BatchWriteItem cannot carry conditions).',
    format: int(1, 1000),
    default: 16,
  },
  progressIntervalMs: {
    doc: 'How often progress (records applied, skipped as stale, lag per partition) is logged.',
    format: ms(),
    default: 10_000,
  },
  httpPort: {
    doc: 'Port of its /metrics endpoint (on http.host, when http.enabled); null = http.port, 0 = any free port (logged). Set it when replicate runs beside a worker with the same config.',
    format: optional(int(0, 65535)),
    default: null as number | null,
    env: 'REPLICATE_HTTP_PORT',
  },
};

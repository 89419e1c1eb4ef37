import convict from 'convict';

/** A list from JSON, or from an env var as a comma-separated string. */
function stringList(nonEmpty: boolean) {
  const what = nonEmpty ? 'a non-empty list of non-empty strings' : 'a list of non-empty strings';
  return {
    validate(value: unknown) {
      const ok =
        Array.isArray(value) &&
        (!nonEmpty || value.length > 0) &&
        value.every((v) => typeof v === 'string' && v.trim() !== '');
      if (!ok) throw new Error(`must be ${what}`);
    },
    coerce: (value: string) =>
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
  };
}

/** Formats beyond convict's built-ins, so every key is checked where it is defined. */
convict.addFormats({
  'string-list': stringList(false),
  'non-empty-string-list': stringList(true),
  'positive-int': {
    validate(value: unknown) {
      if (!Number.isInteger(value) || (value as number) < 1)
        throw new Error('must be an integer ≥ 1');
    },
    coerce: (value: string) => Number(value),
  },
  'non-negative-int': {
    validate(value: unknown) {
      if (!Number.isInteger(value) || (value as number) < 0)
        throw new Error('must be an integer ≥ 0');
    },
    coerce: (value: string) => Number(value),
  },
  'optional-url': {
    validate(value: unknown) {
      if (value === null) return;
      if (typeof value !== 'string' || !/^https?:\/\/[^\s]+$/.test(value))
        throw new Error('must be an http(s) URL');
    },
  },
  'optional-positive-number': {
    validate(value: unknown) {
      if (value === null) return;
      if (typeof value !== 'number' || !(value > 0))
        throw new Error('must be a number > 0, or null');
    },
    coerce: (value: string) => Number(value),
  },
  'optional-positive-int': {
    validate(value: unknown) {
      if (value === null) return;
      if (!Number.isInteger(value) || (value as number) < 1)
        throw new Error('must be an integer ≥ 1, or null');
    },
    coerce: (value: string) => Number(value),
  },
  'topic-configs': {
    validate(value: unknown) {
      if (
        !Array.isArray(value) ||
        value.some((v) => typeof v !== 'string' || !/^[a-z0-9._-]+=.*$/.test(v))
      ) {
        throw new Error(
          'must be a list of \'name=value\' strings, e.g. ["cleanup.policy=compact"]',
        );
      }
    },
  },
  fraction: {
    validate(value: unknown) {
      if (typeof value !== 'number' || !(value > 0 && value <= 1))
        throw new Error('must be a number in (0, 1]');
    },
    coerce: (value: string) => Number(value),
  },
});

/**
 * The single source of truth for configuration: validation, env vars and the generated
 * reference (docs/CONFIG.md) all come from here.
 */
export const schema = {
  name: {
    doc: 'Connector name: part of every offset key, so renaming it starts over.',
    format: String,
    default: 'dynamodb-source',
    env: 'CONNECTOR_NAME',
  },
  aws: {
    region: {
      doc: 'AWS region of the tables.',
      format: String,
      default: 'us-east-1',
      env: 'AWS_REGION',
    },
    endpoint: {
      doc: 'DynamoDB and DynamoDB Streams endpoint (e.g. DynamoDB Local); null = AWS.',
      format: 'optional-url',
      default: null as string | null,
      env: 'DYNAMODB_ENDPOINT',
    },
    taggingEndpoint: {
      doc: 'Resource Groups Tagging API endpoint; null = AWS.',
      format: 'optional-url',
      default: null as string | null,
      env: 'TAGGING_ENDPOINT',
    },
    accessKeyId: {
      doc: 'Access key id; null = the SDK default credential chain (env, profile, role).',
      format: '*',
      default: null as string | null,
      sensitive: true,
    },
    secretAccessKey: {
      doc: 'Secret access key, with aws.accessKeyId.',
      format: '*',
      default: null as string | null,
      sensitive: true,
    },
  },
  tables: {
    whitelist: {
      doc: 'Tables to copy. Non-empty = exactly these, no tag discovery.',
      format: 'string-list',
      default: [] as string[],
      env: 'TABLE_WHITELIST',
    },
    ingestionTagKey: {
      doc: 'Tag key that marks a table for ingestion (any value).',
      format: String,
      default: 'datalake-ingest',
    },
    envTagKey: { doc: 'Tag key naming the environment.', format: String, default: 'environment' },
    envTagValue: {
      doc: 'Environment tag value a table must have.',
      format: String,
      default: 'dev',
    },
    discoveryIntervalMs: {
      doc: 'How often tables are discovered again.',
      format: 'positive-int',
      default: 60_000,
    },
  },
  kafka: {
    brokers: {
      doc: 'Bootstrap brokers, host:port.',
      format: 'non-empty-string-list',
      default: ['localhost:9092'],
      env: 'KAFKA_BROKERS',
    },
    clientId: { doc: 'Kafka client id.', format: String, default: 'dynamodb-kafka-connect' },
    topicPrefix: { doc: 'Topic name = prefix + table name.', format: String, default: 'dynamodb-' },
    offsetsTopic: {
      doc: 'Compacted topic holding the connector offsets (created when missing).',
      format: String,
      default: 'dynamodb-connect-offsets',
    },
    topicPartitions: {
      doc: 'Partitions of a table topic the connector creates; records of one key always go to one partition.',
      format: 'positive-int',
      default: 1,
    },
    replicationFactor: {
      doc: 'Replication factor of topics the connector creates (table topics and the offsets topic).',
      format: 'positive-int',
      default: 1,
    },
    topicConfig: {
      // A list, not an object: convict reads dots in object keys as nesting.
      doc: 'Extra configs for table topics the connector creates, as name=value, e.g. ["cleanup.policy=compact"].',
      format: 'topic-configs',
      default: [] as string[],
    },
    maxMessageBytes: {
      doc: 'Largest record the connector sends; a larger one fails its task loudly (never skipped).',
      format: 'positive-int',
      default: 1_000_000,
    },
  },
  initSync: {
    delayMs: {
      doc: 'Wait before the first page of a brand-new scan (not before a resumed one).',
      format: 'non-negative-int',
      default: 60_000,
    },
    segments: { doc: 'Parallel Scan segments.', format: 'positive-int', default: 1 },
    pageSize: {
      doc: 'Scan Limit (items per page); null = DynamoDB default (1 MB pages).',
      format: 'optional-positive-int',
      default: null as number | null,
    },
    streamOverlapMs: {
      doc: 'Stream records older than INIT_SYNC start minus this are already in the snapshot and skipped.',
      format: 'non-negative-int',
      default: 3_600_000,
    },
    readCapacityFraction: {
      doc: "Share of a provisioned table's read capacity the scan may use.",
      format: 'fraction',
      default: 0.5,
    },
    maxReadCapacityUnits: {
      doc: 'Absolute cap in read capacity units per second (applies to on-demand tables too); null = none.',
      format: 'optional-positive-number',
      default: null as number | null,
    },
    consistentRead: {
      doc: 'Strongly consistent scan reads (costs twice the capacity).',
      format: Boolean,
      default: false,
    },
    progressIntervalMs: {
      doc: 'How often scan progress is logged.',
      format: 'positive-int',
      default: 30_000,
    },
  },
  sync: {
    safeZoneMs: {
      doc: 'A change older than this when read forces a resync (streams keep 24 h).',
      format: 'positive-int',
      default: 72_000_000,
    },
    idlePollMs: {
      doc: 'Wait after an empty GetRecords before polling the shard again.',
      format: 'positive-int',
      default: 250,
    },
    shardRefreshMs: {
      doc: 'How often the shard list is read again to find new shards.',
      format: 'positive-int',
      default: 10_000,
    },
  },
  tasks: {
    restartInitialMs: {
      doc: 'First wait before a failed task is restarted; doubles (with jitter) after each failure.',
      format: 'positive-int',
      default: 1000,
    },
    restartMaxMs: {
      doc: 'Longest wait between restarts of a failing task.',
      format: 'positive-int',
      default: 60_000,
    },
  },
  output: {
    format: {
      doc: "'envelope' (op, before, after, source) or 'new_image' (the new image as plain JSON).",
      format: ['envelope', 'new_image'],
      default: 'envelope',
    },
    tombstones: {
      doc: 'Write a null-value record after every delete, for compacted topics.',
      format: Boolean,
      default: true,
    },
  },
  log: {
    level: {
      doc: 'Log level.',
      format: ['error', 'warn', 'info', 'debug'],
      default: 'info',
      env: 'LOG_LEVEL',
    },
    format: {
      doc: "'json' (one object per line) or 'pretty'.",
      format: ['json', 'pretty'],
      default: 'json',
      env: 'LOG_FORMAT',
    },
  },
  shutdownTimeoutMs: {
    doc: 'On SIGINT/SIGTERM, time allowed to finish in-flight batches and write offsets.',
    format: 'positive-int',
    default: 30_000,
  },
};

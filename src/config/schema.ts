import { awsSchema } from './aws-schema.js';
import { bool, int, list, map, ms, number, oneOf, optional, tableName, text } from './formats.js';
import { globalTableSchema } from './global-table-schema.js';
import { kafkaSchema } from './kafka-schema.js';
import { replicateSchema } from './replicate-schema.js';
import { deliverySchema, workerSchema } from './worker-schema.js';

/**
 * The single source of truth for configuration: validation, env vars and the generated
 * reference (docs/CONFIG.md) all come from here.
 */
export const schema = {
  name: {
    doc: 'Connector name: part of every offset key, so renaming it starts over.',
    format: text('a name of 1 to 200 of A-Z a-z 0-9 . _ -', /^[A-Za-z0-9._-]{1,200}$/),
    default: 'dynamodb-source',
    env: 'CONNECTOR_NAME',
  },
  aws: awsSchema,
  tables: {
    whitelist: {
      doc: 'Tables to copy. Non-empty = exactly these, no tag discovery.',
      format: list(tableName),
      default: [] as string[],
      env: 'TABLE_WHITELIST',
    },
    ingestionTagKey: {
      doc: 'Tag key that marks a table for ingestion (any value).',
      format: text(),
      default: 'datalake-ingest',
    },
    envTagKey: { doc: 'Tag key naming the environment.', format: text(), default: 'environment' },
    envTagValue: {
      doc: 'Environment tag value a table must have.',
      format: text(),
      default: 'dev',
    },
    discoveryIntervalMs: {
      doc: 'How often tables are discovered again.',
      format: ms(),
      default: 60_000,
    },
  },
  kafka: kafkaSchema,
  initSync: {
    mode: {
      doc: "'initial': a snapshot, then the stream. 'never': no snapshot; the stream from sync.startPosition (a lost position still resyncs, as sync.onLostPosition says). 'initial_only': a snapshot, then the task is DONE with its offsets kept; a restart does not scan again, the snapshot command does.",
      format: oneOf('initial', 'never', 'initial_only'),
      default: 'initial',
    },
    modeOverrides: {
      doc: 'initSync.mode for single tables, e.g. {"audit": "initial_only"}; the others use initSync.mode.',
      format: map(tableName, ['initial', 'never', 'initial_only']),
      default: {} as Record<string, string>,
    },
    delayMs: {
      doc: 'Wait before the first page of a brand-new scan (not before a resumed one).',
      format: ms(0),
      default: 60_000,
    },
    segments: {
      doc: 'Parallel Scan segments (DynamoDB allows up to 1,000,000).',
      format: int(1, 1_000_000),
      default: 1,
    },
    pageSize: {
      doc: 'Scan Limit (items per page); null = DynamoDB default (1 MB pages).',
      format: optional(int(1, 1_000_000)),
      default: null as number | null,
    },
    readCapacityFraction: {
      doc: "Share of a provisioned table's read capacity the scan may use.",
      format: number(0, 1),
      default: 0.5,
    },
    maxReadCapacityUnits: {
      doc: 'Absolute cap in read capacity units per second (applies to on-demand tables too); null = none.',
      format: optional(number(0, 1_000_000_000)),
      default: null as number | null,
    },
    streamSettleMs: {
      doc: 'The snapshot reads the stream beside the scan; a scan page is written once the stream has been read this long past the page (covers how late a write reaches the stream, a stale eventually consistent Scan, and clock offset: docs/design/online-snapshot.md).',
      format: int(0, 600_000),
      default: 2_000,
    },
    consistentRead: {
      doc: 'Strongly consistent scan reads (costs twice the capacity).',
      format: bool,
      default: false,
    },
    progressIntervalMs: {
      doc: 'How often scan progress is logged.',
      format: ms(),
      default: 30_000,
    },
  },
  sync: {
    safeZoneMs: {
      doc: 'A change older than this when read forces a resync (streams keep 24 h).',
      format: int(1, 86_400_000, ' (a stream keeps 24 h)'),
      default: 72_000_000,
    },
    idlePollMs: {
      doc: 'Wait after an empty GetRecords before polling the shard again; doubles with each further empty answer, up to sync.idlePollMaxMs.',
      format: ms(),
      default: 250,
    },
    idlePollMaxMs: {
      doc: 'Longest wait between polls of a quiet shard: the most a first change after a quiet spell waits before it is read. Idle polling is what an idle worker costs (README: Performance).',
      format: ms(),
      default: 2000,
    },
    shardRefreshMs: {
      doc: "How often the shard list and the table's stream are checked again (a shard that ends triggers a check at once).",
      format: ms(),
      default: 30_000,
    },
    startPosition: {
      doc: "Where the stream is read from when there is no stored position and no snapshot (initSync.mode 'never'): 'trim_horizon' (all it holds) or 'latest' (only what is written from the start on).",
      format: oneOf('trim_horizon', 'latest'),
      default: 'trim_horizon',
    },
    onLostPosition: {
      doc: "When the stream can no longer be followed without loss (any resync reason, docs/FORMATS.md): 'resync' takes a fresh snapshot as a new generation; 'fail' leaves the task FAILED with the reason, not restarted and nothing rescanned, until an operator acts.",
      format: oneOf('resync', 'fail'),
      default: 'resync',
    },
  },
  globalTable: globalTableSchema,
  http: {
    enabled: {
      doc: 'Serve the REST status and health endpoints (docs/REST.md).',
      format: bool,
      default: true,
      env: 'HTTP_ENABLED',
    },
    host: {
      doc: 'Address the HTTP server listens on (the container image sets 0.0.0.0).',
      format: text(),
      default: '127.0.0.1',
      env: 'HTTP_HOST',
    },
    port: {
      doc: 'Port of the HTTP server (8083, as Kafka Connect); 0 = any free port, logged at start.',
      format: int(0, 65535),
      default: 8083,
      env: 'HTTP_PORT',
    },
    allowWrites: {
      doc: 'Allow the mutating endpoints (task restart, connector pause and resume); off = 403.',
      format: bool,
      default: false,
      env: 'HTTP_ALLOW_WRITES',
    },
    authToken: {
      doc: 'When set, every request but the status page itself needs `Authorization: Bearer <token>` (else 401).',
      format: optional(text()),
      default: null as string | null,
      sensitive: true,
      env: 'HTTP_AUTH_TOKEN',
    },
  },
  stall: {
    afterMs: {
      doc: 'A running task is STALLED when, for this long, its scan handed nothing to Kafka, a shard reader completed no GetRecords round, or millis_behind_source stayed over stall.lagMs and grew.',
      format: ms(),
      default: 120_000,
    },
    lagMs: {
      doc: 'millis_behind_source above which a growing lag counts as a stall (see stall.afterMs).',
      format: ms(),
      default: 600_000,
    },
    checkIntervalMs: {
      doc: 'How often stall detection looks at every task.',
      format: ms(),
      default: 5_000,
    },
  },
  reconcile: {
    directory: {
      doc: "Where reconciliation keeps its on-disk key index (a scratch SQLite file per table, deleted when done); null = the OS's temp directory.",
      format: optional(text()),
      default: null as string | null,
    },
  },
  tasks: {
    restartInitialMs: {
      doc: 'First wait before a failed task is restarted; doubles (with jitter) after each failure.',
      format: ms(),
      default: 1000,
    },
    restartMaxMs: {
      doc: 'Longest wait between restarts of a failing task.',
      format: ms(),
      default: 60_000,
    },
  },
  delivery: deliverySchema,
  output: {
    format: {
      doc: "'envelope' (op, before, after, source) or 'new_image' (the new image as plain JSON).",
      format: oneOf('envelope', 'new_image'),
      default: 'envelope',
    },
    tombstones: {
      doc: 'Write a null-value record after every delete, for compacted topics.',
      format: bool,
      default: true,
    },
  },
  log: {
    level: {
      doc: 'Log level.',
      format: oneOf('error', 'warn', 'info', 'debug'),
      default: 'info',
      env: 'LOG_LEVEL',
    },
    format: {
      doc: "'json' (one object per line) or 'pretty'.",
      format: oneOf('json', 'pretty'),
      default: 'json',
      env: 'LOG_FORMAT',
    },
  },
  worker: workerSchema,
  replicate: replicateSchema,
  shutdownTimeoutMs: {
    doc: 'On SIGINT/SIGTERM, time allowed to finish in-flight batches and write offsets.',
    format: ms(),
    default: 30_000,
  },
};

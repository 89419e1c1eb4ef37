import { int, oneOf, optional, text } from './formats.js';

/**
 * How a worker writes and shares its tables: the `delivery` section (the guarantee) and the
 * `worker` section (its consumer group: standalone owner or distributed share). Part of the
 * schema (src/config/schema.ts).
 */
export const deliverySchema = {
  guarantee: {
    doc: "'at_least_once': records, then the offsets covering them (a crash can re-send a batch: duplicates, never a gap). 'exactly_once': each batch and its offsets in one Kafka transaction, the transactional id <name>.<table>, so a read_committed consumer sees each change once and a second writer of the table fences the first (README: Delivery guarantees).",
    format: oneOf('at_least_once', 'exactly_once'),
    default: 'at_least_once',
  },
  transactionTimeoutMs: {
    doc: "exactly_once: the broker aborts a transaction open this long (a crashed worker's open batch blocks read_committed readers until it is aborted: by the table's next owner at once, else after this). At most the broker's transaction.max.timeout.ms (15 min by default).",
    format: int(1000, 900_000),
    default: 60_000,
  },
};

export const workerSchema = {
  mode: {
    doc: "'standalone': one worker of a connector name, the owner, copies every table; any other worker with that name stands by and takes over when it stops (README: Two workers, one name). 'distributed': every worker with that name copies a fair share of the tables, and the others take a worker's tables over when it stops or dies (README: Several workers). All workers of one name need the same mode: a group's protocol is fixed, a worker of the other mode cannot join it.",
    format: oneOf('standalone', 'distributed'),
    default: 'standalone',
    env: 'WORKER_MODE',
  },
  groupId: {
    doc: "Consumer group through which workers of one connector name find each other: standalone, one member, the owner (the one that owned it before, else the oldest), copies the tables and the others take over when it leaves or dies (README: Two workers, one name); distributed, the members share the tables (README: Several workers). null = 'dynamodb-kafka-connect.' + name. With ACLs the principal needs Read on this group.",
    format: optional(text('a group id (1 to 255 of A-Z a-z 0-9 . _ -)', /^[A-Za-z0-9._-]{1,255}$/)),
    default: null as string | null,
  },
  sessionTimeoutMs: {
    doc: "How long the broker waits for a worker's heartbeat before it removes the worker from the group; a standby takes over a crashed owner after this, and in distributed mode the others take a crashed worker's tables over after this. Within the broker's group.min.session.timeout.ms and group.max.session.timeout.ms (6 s and 30 min by default).",
    format: int(1000, 3_600_000),
    default: 10_000,
  },
  heartbeatIntervalMs: {
    doc: "Time between a worker's heartbeats to the group coordinator; a standby learns within about this long that the owner left. Below worker.sessionTimeoutMs: an owner whose heartbeats fail for the session timeout minus one interval stops its tables, before the broker can hand them to another worker.",
    format: int(100, 3_600_000),
    default: 3000,
  },
};

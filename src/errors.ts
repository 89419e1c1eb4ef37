/**
 * Typed errors. `retriable` says whether trying the same thing again can succeed; the retry
 * helper and task supervision act on it, never on message text.
 */
export class ConnectorError extends Error {
  readonly retriable: boolean;
  override readonly cause?: unknown;

  constructor(message: string, opts: { retriable: boolean; cause?: unknown }) {
    super(message);
    this.name = new.target.name;
    this.retriable = opts.retriable;
    this.cause = opts.cause;
  }
}

/** A server said no for now (throttling, unavailable, network): back off and try again. */
export class TransientError extends ConnectorError {
  constructor(message: string, cause?: unknown) {
    super(message, { retriable: true, cause });
  }
}

/** Bad configuration: reported once per key, exit code 2. */
export class ConfigError extends ConnectorError {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'), { retriable: false });
  }
}

/** A table cannot be copied as it is (missing, no stream, wrong view type). */
export class IneligibleTableError extends ConnectorError {
  constructor(
    readonly table: string,
    readonly reason: string,
  ) {
    super(`${table}: ${reason}`, { retriable: false });
  }
}

/** A record that cannot be written (too large, unrepresentable): the task fails loudly. */
export class RecordError extends ConnectorError {
  constructor(message: string, cause?: unknown) {
    super(message, { retriable: false, cause });
  }
}

/**
 * A value the connector cannot write, at `path` (attribute names from the item down). The page
 * reader that meets it adds the item's key (`inItem`): the task fails naming key and attribute.
 */
export class AttributeError extends RecordError {
  constructor(
    readonly detail: string,
    readonly path: readonly string[] = [],
  ) {
    super(
      path.length ? `attribute ${path.map((n) => JSON.stringify(n)).join('.')}: ${detail}` : detail,
    );
  }

  within(name: string): AttributeError {
    return new AttributeError(this.detail, [name, ...this.path]);
  }

  /** As a plain RecordError (it crosses the read thread by name and message) naming the item. */
  inItem(key: string): RecordError {
    return new RecordError(`item ${key}: ${this.message}`);
  }
}

/**
 * STS did not give the credentials of a role: names the role and STS's reason (the error's name
 * and message, which never carry a credential), and is retriable as the reason is (unreachable,
 * throttled: yes; AccessDenied, a malformed ARN, a bad base key: no). Only the reason is kept, not the
 * SDK error, so nothing else of the exchange with STS can reach a log.
 */
export class AssumeRoleError extends ConnectorError {
  constructor(
    readonly roleArn: string,
    readonly reason: string,
    retriable: boolean,
  ) {
    super(`AssumeRole ${roleArn} failed: ${reason}`, { retriable });
  }
}

/**
 * The position was lost and `sync.onLostPosition` is 'fail': the task stays FAILED (the
 * supervisor does not restart it) until an operator decides.
 */
export class PositionLostError extends ConnectorError {
  constructor(
    readonly reason: ResyncReason,
    detail: string,
  ) {
    super(
      `stream position lost (${reason}: ${detail}); sync.onLostPosition is 'fail', so nothing is rescanned: set it to 'resync' to take a fresh snapshot`,
      { retriable: false },
    );
  }
}

/**
 * The stored position cannot be resumed without losing changes: the task must start a fresh
 * INIT_SYNC. Not retriable as such; the task turns it into a resync.
 */
export type ResyncReason =
  | 'safe_zone'
  | 'trimmed'
  | 'stream_changed'
  | 'no_stream_cut'
  | 'snapshot_requested'
  /** Global tables: the region read changed during a snapshot, which is taken again there. */
  | 'region_failover'
  /** Global tables: the new region's stream cannot bridge from the old position. */
  | 'gap_beyond_retention'
  /** Global tables: the old region's offsets have no change time to bridge from. */
  | 'no_position';

export class ResyncRequired extends ConnectorError {
  constructor(
    readonly reason: ResyncReason,
    detail: string,
  ) {
    super(`resync required (${reason}): ${detail}`, { retriable: false });
  }
}

const AWS_RETRIABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
  'RequestLimitExceeded',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TransactionInProgressException',
]);

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'LimitExceededException',
  'RequestLimitExceeded',
]);

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

interface ErrorLike {
  name?: string;
  code?: string;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

/** True when the error is DynamoDB/Streams throttling (counted separately from other faults). */
export function isThrottling(err: unknown): boolean {
  return THROTTLING.has((err as ErrorLike)?.name ?? '');
}

/**
 * The one place that decides whether an error is worth retrying: connector errors (Kafka's
 * included: src/kafka classifies them at its edge) say so themselves, AWS SDK errors by name,
 * status and network code. Programmer errors (TypeError and friends) never are.
 */
export function isRetriable(err: unknown): boolean {
  if (err instanceof ConnectorError) return err.retriable;
  if (err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError)
    return false;
  const e = (err ?? {}) as ErrorLike;
  if (e.name && AWS_RETRIABLE.has(e.name)) return true;
  if (e.$retryable) return true;
  const status = e.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  if (e.code && NETWORK_CODES.has(e.code)) return true;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  if (e.cause && e.cause !== err) return isRetriable(e.cause);
  return false;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return String(err);
}

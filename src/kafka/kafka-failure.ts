import { ConnectorError } from '../errors.js';

/** What went wrong talking to Kafka, in the words an operator acts on. */
export type KafkaFailureKind =
  | 'authentication'
  | 'authorization'
  | 'tls'
  | 'not_tls'
  | 'tls_required'
  | 'unreachable'
  | 'timeout'
  | 'broker'
  | 'fenced'
  | 'client';

export interface KafkaFailure {
  kind: KafkaFailureKind;
  /** Worth trying again: the same request can succeed later without a change of config. */
  retriable: boolean;
  /** One line: the cause and the broker, never a secret. */
  message: string;
  broker?: string;
}

/** An error from the Kafka layer, classified: the rest of the connector sees only these. */
export class KafkaError extends ConnectorError {
  constructor(
    readonly kind: KafkaFailureKind,
    message: string,
    retriable: boolean,
    readonly broker?: string,
    cause?: unknown,
  ) {
    super(message, { retriable, cause });
  }
}

interface ErrorLike {
  message?: string;
  code?: string;
  apiId?: string;
  canRetry?: boolean;
  serverErrorMessage?: string | null;
  errors?: unknown[];
  cause?: unknown;
}

/** Every error in the chain: MultipleErrors hold `errors`, wrappers hold `cause`. */
function chain(err: unknown, out: ErrorLike[] = [], seen = new Set<unknown>()): ErrorLike[] {
  if (err === null || typeof err !== 'object' || seen.has(err)) return out;
  seen.add(err);
  const e = err as ErrorLike;
  out.push(e);
  for (const inner of e.errors ?? []) chain(inner, out, seen);
  chain(e.cause, out, seen);
  return out;
}

// Node's codes for a broker certificate that cannot be trusted (tls.connect, OpenSSL).
const CERT_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED',
  'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE',
  'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA',
]);

const AUTHORIZATION = new Set([
  'TOPIC_AUTHORIZATION_FAILED',
  'GROUP_AUTHORIZATION_FAILED',
  'CLUSTER_AUTHORIZATION_FAILED',
  'TRANSACTIONAL_ID_AUTHORIZATION_FAILED',
]);

// Another producer took the transactional id over (or the broker aborted our transaction and
// bumped the epoch): this producer must never write again.
const FENCED = new Set(['PRODUCER_FENCED', 'INVALID_PRODUCER_EPOCH']);

const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'ETIMEDOUT',
]);

const brokerIn = (errors: ErrorLike[]) => {
  for (const e of errors) {
    const m = /(?:Connection to|connect \w+) \[?([\w.:-]+?)\]?:(\d+)/.exec(e.message ?? '');
    if (m) return `${m[1]}:${m[2]}`;
  }
  return undefined;
};

/**
 * Classifies any error of the Kafka client. Configuration problems (credentials, certificates,
 * TLS on one side only, ACLs) are not retriable: retrying would hide them in a loop.
 */
export function describeKafkaError(err: unknown, bootstrap: readonly string[] = []): KafkaFailure {
  if (err instanceof KafkaError)
    return { kind: err.kind, retriable: err.retriable, message: err.message, broker: err.broker };
  const errors = chain(err);
  const broker = brokerIn(errors) ?? (bootstrap.length > 0 ? bootstrap.join(',') : undefined);
  const at = broker ? ` (broker ${broker})` : '';
  const find = (test: (e: ErrorLike) => boolean) => errors.find(test);
  const failure = (kind: KafkaFailureKind, retriable: boolean, message: string) => ({
    kind,
    retriable,
    message: `kafka: ${message}`,
    broker,
  });

  const auth = find(
    (e) =>
      e.code === 'PLT_KFK_AUTHENTICATION' ||
      e.apiId === 'SASL_AUTHENTICATION_FAILED' ||
      e.apiId === 'UNSUPPORTED_SASL_MECHANISM' ||
      e.apiId === 'ILLEGAL_SASL_STATE',
  );
  if (auth) {
    const server = find(
      (e) => typeof e.serverErrorMessage === 'string' && e.serverErrorMessage !== '',
    );
    // A rejected OAUTHBEARER token comes back as an error challenge the client cannot follow.
    const detail =
      auth.apiId === 'ILLEGAL_SASL_STATE'
        ? 'the broker ended the SASL exchange (with OAUTHBEARER: the token was rejected, e.g. expired or without the principal claim)'
        : (server?.serverErrorMessage ?? auth.message);
    return failure(
      'authentication',
      false,
      `SASL authentication failed${at}: ${detail} — check kafka.sasl.*`,
    );
  }
  if (find((e) => e.message === 'Broker requires TLS.'))
    return failure(
      'tls_required',
      false,
      `the broker${at} expects TLS, but kafka.ssl.enabled is false`,
    );
  if (find((e) => (e.message ?? '').startsWith('TLS handshake failed')))
    return failure(
      'not_tls',
      false,
      `TLS handshake failed${at}: the listener does not speak TLS — check the port, or set kafka.ssl.enabled false`,
    );
  const cert = find((e) => CERT_CODES.has(e.code ?? ''));
  if (cert)
    return failure(
      'tls',
      false,
      `TLS with the broker failed${at}: ${cert.message} (${cert.code}) — check kafka.ssl.caFile, certFile and serverName`,
    );
  const denied = find((e) => AUTHORIZATION.has(e.apiId ?? ''));
  if (denied)
    return failure(
      'authorization',
      false,
      `not authorized${at}: ${denied.apiId}: ${denied.message} — the broker's ACLs do not allow this principal`,
    );
  const fenced = find((e) => FENCED.has(e.apiId ?? ''));
  if (fenced)
    return failure(
      'fenced',
      false,
      `fenced${at}: ${fenced.apiId}: another writer took over this table's transactional id`,
    );
  const network = find((e) => NETWORK.has(e.code ?? ''));
  if (network)
    return failure('unreachable', true, `cannot reach the broker${at}: ${network.message}`);
  if (find((e) => e.message === 'Connection closed'))
    return failure(
      'unreachable',
      true,
      `the broker closed the connection${at} — if the listener authenticates clients, check kafka.ssl.certFile and kafka.sasl.*`,
    );
  const timeout = find((e) => e.code === 'PLT_KFK_TIMEOUT' || /timed out/i.test(e.message ?? ''));
  if (timeout) return failure('timeout', true, `${timeout.message}${at}`);
  const protocol = find((e) => typeof e.apiId === 'string');
  const retriable = !errors.some((e) => e.canRetry === false);
  if (protocol)
    return failure(
      'broker',
      retriable,
      `${protocol.apiId}${at}: ${protocol.serverErrorMessage || protocol.message}`,
    );
  const root = errors.at(-1) ?? { message: String(err) };
  // Retriable only when it is the connection that failed, not something about the request.
  const connection = errors.some((e) => e.code === 'PLT_KFK_NETWORK');
  return failure('client', retriable && connection, `${root.message}${at}`);
}

/**
 * The broker is still writing the markers of this producer's last transaction (or aborting the
 * one a previous owner left open): it clears within milliseconds, so it is retried at once.
 */
export const isConcurrentTransactions = (err: unknown): boolean =>
  chain(err).some((e) => e.apiId === 'CONCURRENT_TRANSACTIONS');

/** Wraps a client error at the layer's edge, with what the connector was doing. */
export function kafkaError(
  err: unknown,
  doing: string,
  bootstrap: readonly string[] = [],
): KafkaError {
  if (err instanceof KafkaError) return err;
  const f = describeKafkaError(err, bootstrap);
  return new KafkaError(f.kind, `${doing}: ${f.message}`, f.retriable, f.broker, err);
}

import {
  AuthenticationError,
  MultipleErrors,
  NetworkError,
  ProtocolError,
  ResponseError,
  TimeoutError,
  UserError,
} from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { describeKafkaError } from './kafka-failure.js';

const BROKER = '127.0.0.1:19094';
/** How the client reports a failed connection: "Connection to …" around the real cause. */
const connecting = (cause: Error) =>
  new MultipleErrors('Listing topics failed.', [
    new MultipleErrors('Cannot connect to any broker.', [
      new NetworkError(`Connection to ${BROKER} failed.`, { cause }),
    ]),
  ]);
const nodeError = (message: string, code: string) => Object.assign(new Error(message), { code });
const saslFailed = (serverMessage: string) =>
  new AuthenticationError('SASL authentication failed.', {
    cause: new ResponseError(7, 2, { '/': [58, serverMessage] }, { errorCode: 58 }),
  });

// The shapes @platformatic/kafka 2.12 produces against a real Kafka 4.4 (recorded with the
// local stack's secured listeners).
describe('describeKafkaError', () => {
  it.each([
    {
      name: 'wrong password',
      err: connecting(
        saslFailed(
          'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512',
        ),
      ),
      kind: 'authentication',
      retriable: false,
      text: /SASL authentication failed \(broker 127\.0\.0\.1:19094\): .*invalid credentials/,
    },
    {
      name: 'untrusted certificate',
      err: connecting(
        nodeError('self-signed certificate in certificate chain', 'SELF_SIGNED_CERT_IN_CHAIN'),
      ),
      kind: 'tls',
      retriable: false,
      text: /TLS with the broker failed \(broker 127\.0\.0\.1:19094\): self-signed certificate/,
    },
    {
      name: 'plaintext client, TLS listener',
      err: new MultipleErrors('Listing topics failed.', [new UserError('Broker requires TLS.')]),
      kind: 'tls_required',
      retriable: false,
      text: /expects TLS, but kafka\.ssl\.enabled is false/,
    },
    {
      name: 'TLS client, plaintext listener',
      err: connecting(
        new UserError('TLS handshake failed. Please verify the broker supports TLS.', {
          cause: nodeError(
            'Client network socket disconnected before secure TLS connection was established',
            'ECONNRESET',
          ),
        }),
      ),
      kind: 'not_tls',
      retriable: false,
      text: /does not speak TLS/,
    },
    {
      name: 'topic ACL',
      err: new ResponseError(0, 11, { '/responses/0/partition_responses/0': [29, null] }, {}),
      kind: 'authorization',
      retriable: false,
      text: /not authorized.*TOPIC_AUTHORIZATION_FAILED/,
    },
    {
      name: 'fenced by a new owner of the transactional id',
      err: new ResponseError(26, 5, { '/': [90, null] }, {}),
      kind: 'fenced',
      retriable: false,
      text: /fenced.*PRODUCER_FENCED/,
    },
    {
      name: 'an old epoch after a take-over',
      err: new ResponseError(0, 11, { '/responses/0/partition_responses/0': [47, null] }, {}),
      kind: 'fenced',
      retriable: false,
      text: /fenced.*INVALID_PRODUCER_EPOCH/,
    },
    {
      name: 'rejected OAUTHBEARER token',
      err: new ResponseError(18, 3, { '/': [34, null] }, {}),
      kind: 'authentication',
      retriable: false,
      text: /token was rejected/,
    },
    {
      name: 'nothing listening',
      err: connecting(nodeError(`connect ECONNREFUSED ${BROKER}`, 'ECONNREFUSED')),
      kind: 'unreachable',
      retriable: true,
      text: /cannot reach the broker \(broker 127\.0\.0\.1:19094\)/,
    },
    {
      name: 'connection closed by the broker',
      err: new MultipleErrors('Listing topics failed.', [new NetworkError('Connection closed')]),
      kind: 'unreachable',
      retriable: true,
      text: /closed the connection \(broker 127\.0\.0\.1:9092\)/,
    },
    {
      name: 'request timed out',
      err: new TimeoutError('Request timed out', { canRetry: true }),
      kind: 'timeout',
      retriable: true,
      text: /timed out/,
    },
    {
      name: 'leader moved (retriable broker answer)',
      err: new ResponseError(0, 11, { '/': [6, null] }, {}),
      kind: 'broker',
      retriable: true,
      text: /NOT_LEADER_OR_FOLLOWER/,
    },
    {
      name: 'record too large (not retriable)',
      err: new ProtocolError('MESSAGE_TOO_LARGE'),
      kind: 'broker',
      retriable: false,
      text: /MESSAGE_TOO_LARGE/,
    },
  ])('$name', ({ err, kind, retriable, text }) => {
    const failure = describeKafkaError(err, ['127.0.0.1:9092']);
    expect(failure).toMatchObject({ kind, retriable });
    expect(failure.message).toMatch(text);
  });
});

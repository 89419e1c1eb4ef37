import { describe, expect, it } from 'vitest';
import { ConnectorError, isRetriable, ResyncRequired, TransientError } from './errors.js';
import { KafkaError } from './kafka/kafka-failure.js';
import { backoffDelay, retry } from './retry.js';

describe('backoffDelay', () => {
  it.each([
    { attempt: 0, random: 0, delay: 50 },
    { attempt: 0, random: 1, delay: 100 },
    { attempt: 3, random: 1, delay: 800 },
    { attempt: 20, random: 1, delay: 10_000 },
    { attempt: 20, random: 0, delay: 5000 },
  ])('attempt $attempt, random $random → $delay ms', ({ attempt, random, delay }) => {
    expect(backoffDelay(attempt, { initialMs: 100, maxMs: 10_000 }, () => random)).toBe(delay);
  });
});

describe('isRetriable', () => {
  const named = (name: string, extra: object = {}) =>
    Object.assign(new Error(name), { name, ...extra });
  it.each([
    {
      name: 'DynamoDB throttling',
      err: named('ProvisionedThroughputExceededException'),
      retriable: true,
    },
    { name: 'Streams limit', err: named('LimitExceededException'), retriable: true },
    {
      name: 'AWS 503',
      err: named('Whatever', { $metadata: { httpStatusCode: 503 } }),
      retriable: true,
    },
    {
      name: 'AWS validation',
      err: named('ValidationException', { $metadata: { httpStatusCode: 400 } }),
      retriable: false,
    },
    {
      name: 'network refused',
      err: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }),
      retriable: true,
    },
    {
      name: 'kafka broker unreachable',
      err: new KafkaError('unreachable', 'kafka: cannot reach the broker', true),
      retriable: true,
    },
    {
      name: 'kafka authentication failed',
      err: new KafkaError('authentication', 'kafka: SASL authentication failed', false),
      retriable: false,
    },
    { name: 'programmer error', err: new TypeError('x is undefined'), retriable: false },
    { name: 'typed transient', err: new TransientError('later'), retriable: true },
    { name: 'resync is not retried', err: new ResyncRequired('trimmed', 'x'), retriable: false },
    {
      name: 'wrapped cause',
      err: new Error('outer', { cause: Object.assign(new Error('i'), { code: 'ECONNRESET' }) }),
      retriable: true,
    },
  ])('$name → $retriable', ({ err, retriable }) => {
    expect(isRetriable(err)).toBe(retriable);
  });
});

describe('retry', () => {
  const noSleep = { sleep: async () => {}, random: () => 1 };
  it('retries retriable errors until success, reporting each wait', async () => {
    let calls = 0;
    const waits: number[] = [];
    const result = await retry(
      async () => {
        calls++;
        if (calls < 3) throw new TransientError('busy');
        return 'ok';
      },
      { initialMs: 10, maxMs: 100, onRetry: ({ delayMs }) => waits.push(delayMs) },
      noSleep,
    );
    expect(result).toBe('ok');
    expect(waits).toEqual([10, 20]);
  });

  it('does not retry what is not retriable', async () => {
    let calls = 0;
    const failing = retry(
      async () => {
        calls++;
        throw new ConnectorError('bad', { retriable: false });
      },
      { initialMs: 10, maxMs: 100 },
      noSleep,
    );
    await expect(failing).rejects.toThrow('bad');
    expect(calls).toBe(1);
  });

  it('gives up after maxAttempts', async () => {
    let calls = 0;
    const failing = retry(
      async () => {
        calls++;
        throw new TransientError('busy');
      },
      { initialMs: 1, maxMs: 1, maxAttempts: 4 },
      noSleep,
    );
    await expect(failing).rejects.toThrow('busy');
    expect(calls).toBe(4);
  });

  it('gives up once giveUpAfterMs has passed since the first failure', async () => {
    let clock = 1000;
    let calls = 0;
    const failing = retry(
      async () => {
        calls++;
        throw new TransientError('down');
      },
      { initialMs: 100, maxMs: 100, giveUpAfterMs: 1000 },
      // Each wait moves the clock on by 300 ms: failures at 0, 300, 600, 900, 1200 ms.
      {
        sleep: async () => {
          clock += 300;
        },
        random: () => 1,
        now: () => clock,
      },
    );
    await expect(failing).rejects.toThrow('down');
    expect(calls).toBe(5);
  });
});

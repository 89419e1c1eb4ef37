import { describe, expect, it } from 'vitest';
import { kafka } from '../support/clients.js';
import { uniqueName } from '../support/names.js';
import { consumeTopic, createTopic } from '../support/topics.js';

describe('Kafka broker (real, KRaft)', () => {
  it('delivers produced records to a consumer, in order, with keys and headers', async () => {
    const topic = uniqueName('smoke-plain');
    await createTopic(topic);
    const producer = kafka().producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [1, 2, 3].map((i) => ({ key: `k${i}`, value: `v${i}`, headers: { n: String(i) } })),
    });
    await producer.disconnect();

    const records = await consumeTopic(topic, { count: 3 });
    expect(records.map((r) => [r.key, r.value, r.headers.n])).toEqual([
      ['k1', 'v1', '1'],
      ['k2', 'v2', '2'],
      ['k3', 'v3', '3'],
    ]);
  });

  it('shows a read_committed consumer the committed transaction and not the aborted one', async () => {
    const topic = uniqueName('smoke-tx');
    await createTopic(topic);
    const producer = kafka().producer({
      transactionalId: uniqueName('smoke-txid'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    const committed = await producer.transaction();
    await committed.send({
      topic,
      messages: [
        { key: 'c1', value: 'committed-1' },
        { key: 'c2', value: 'committed-2' },
      ],
    });
    await committed.commit();
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ key: 'a1', value: 'aborted-1' }] });
    await aborted.abort();
    // A last committed record after the aborted one proves the consumer read past the abort.
    const last = await producer.transaction();
    await last.send({ topic, messages: [{ key: 'c3', value: 'committed-3' }] });
    await last.commit();
    await producer.disconnect();

    const readCommitted = await consumeTopic(topic, { count: 3, readCommitted: true });
    expect(readCommitted.map((r) => r.value)).toEqual([
      'committed-1',
      'committed-2',
      'committed-3',
    ]);
    // The aborted record is really in the log: an uncommitted reader sees it.
    const readUncommitted = await consumeTopic(topic, { count: 4, readCommitted: false });
    expect(readUncommitted.map((r) => r.value)).toContain('aborted-1');
  });
});

import { ProduceAcks, Producer, stringSerializers } from '@platformatic/kafka';
import { describe, expect, it } from 'vitest';
import { endpoints, kafka } from '../support/clients.js';
import { uniqueName } from '../support/names.js';
import { createTopic, readAll } from '../support/topics.js';

describe('Kafka broker (real, KRaft) through the connector’s Kafka layer', () => {
  it('delivers produced records to a reader, in order, with keys, headers and tombstones', async () => {
    const topic = uniqueName('smoke-plain');
    await createTopic(topic);
    const producer = kafka().producer();
    await producer.send(
      topic,
      [1, 2, 3].map((i) => ({
        key: `k${i}`,
        value: i === 3 ? null : `v${i}`,
        headers: { n: String(i) },
      })),
    );
    await producer.close();

    const records = await readAll(topic);
    expect(records.map((r) => [r.key, r.value, r.headers.n])).toEqual([
      ['k1', 'v1', '1'],
      ['k2', 'v2', '2'],
      ['k3', null, '3'],
    ]);
  });

  it('shows a read_committed reader the committed transactions and not the aborted one', async () => {
    const topic = uniqueName('smoke-tx');
    await createTopic(topic);
    const producer = new Producer({
      clientId: 'smoke-tx',
      bootstrapBrokers: endpoints().kafkaBrokers.split(','),
      transactionalId: uniqueName('smoke-txid'),
      idempotent: true,
      acks: ProduceAcks.ALL,
      serializers: stringSerializers,
      retries: 10,
      retryDelay: 200,
    });
    try {
      const send = async (values: string[], outcome: 'commit' | 'abort') => {
        const tx = await producer.beginTransaction();
        await tx.send({ messages: values.map((value) => ({ topic, key: value, value })) });
        await (outcome === 'commit' ? tx.commit() : tx.abort());
      };
      await send(['committed-1', 'committed-2'], 'commit');
      await send(['aborted-1'], 'abort');
      // A last committed record after the aborted one proves the reader read past the abort.
      await send(['committed-3'], 'commit');
    } finally {
      await producer.close();
    }

    expect((await readAll(topic, true)).map((r) => r.value)).toEqual([
      'committed-1',
      'committed-2',
      'committed-3',
    ]);
    // The aborted record is really in the log: an uncommitted reader sees it.
    expect((await readAll(topic, false)).map((r) => r.value)).toContain('aborted-1');
  });
});

import { describe, expect, it } from 'vitest';
import { plainKafkaClient } from '../../src/kafka/kafka-client.js';
import type { Compression } from '../../src/kafka/record-producer.js';
import { endpoints } from '../support/clients.js';
import { uniqueName } from '../support/names.js';
import { createTopic, readAll } from '../support/topics.js';

const CODECS: Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

describe('kafka.compression', () => {
  it.each(CODECS)(
    '%s: records are stored compressed with it and read back intact',
    async (codec) => {
      const topic = uniqueName(`compression-${codec}`);
      await createTopic(topic);
      const client = plainKafkaClient(endpoints().kafkaBrokers.split(','), 'compression', codec);
      const records = Array.from({ length: 200 }, (_, i) => ({
        key: JSON.stringify({ pk: `item-${i}` }),
        value: JSON.stringify({
          op: 'r',
          after: { pk: `item-${i}`, text: 'ünïcödé '.repeat(40 + i) },
        }),
        headers: { 'dynamodb.op': 'r' },
      }));
      const producer = client.producer();
      try {
        await producer.send(topic, records.slice(0, 100));
        await producer.send(topic, [
          ...records.slice(100),
          { key: '{"pk":"gone"}', value: null, headers: {} },
        ]);
      } finally {
        await producer.close();
      }
      const read = await readAll(topic);
      expect(read.map((r) => [r.key, r.value, r.headers['dynamodb.op'] ?? null])).toEqual([
        ...records.map((r) => [r.key, r.value, 'r']),
        ['{"pk":"gone"}', null, null],
      ]);
      const stored = new Set<string>();
      await client.readTopic(topic, (r) => stored.add(r.compression));
      expect([...stored]).toEqual([codec]);
    },
  );
});

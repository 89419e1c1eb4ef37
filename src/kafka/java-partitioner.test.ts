import { describe, expect, it } from 'vitest';
import { javaPartition, murmur2 } from './java-partitioner.js';

// Computed with Kafka 4.4.0's own org.apache.kafka.common.utils.Utils (murmur2 and toPositive)
// from kafka-clients-4.4.0.jar, keys as UTF-8: every tail length (0–3), multi-byte characters,
// and the connector's key shapes.
const JAVA = [
  { key: '', hash: 275646681, p3: 0, p7: 2, p12: 9 },
  { key: 'a', hash: -1563381124, p3: 1, p7: 5, p12: 4 },
  { key: 'ab', hash: 316155434, p3: 2, p7: 0, p12: 2 },
  { key: 'abc', hash: 479470107, p3: 0, p7: 4, p12: 3 },
  { key: 'abcd', hash: -1323649548, p3: 2, p7: 5, p12: 8 },
  { key: '21', hash: -973932308, p3: 0, p7: 3, p12: 0 },
  { key: 'foobar', hash: -790332482, p3: 0, p7: 0, p12: 6 },
  { key: '{"pk":"order-1"}', hash: 559688901, p3: 0, p7: 2, p12: 9 },
  { key: '{"pk":"a","sk":5}', hash: -971437891, p3: 1, p7: 5, p12: 1 },
  { key: '{"id":"ünïcödé-ключ-鍵"}', hash: -22784750, p3: 0, p7: 0, p12: 6 },
  { key: 'a-little-bit-long-string', hash: -985981536, p3: 2, p7: 1, p12: 8 },
  {
    key: 'lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8',
    hash: -58897971,
    p3: 2,
    p7: 3,
    p12: 5,
  },
];

describe('Java-compatible partitioning', () => {
  it.each(JAVA)('$key', ({ key, hash, p3, p7, p12 }) => {
    const bytes = Buffer.from(key, 'utf8');
    expect(murmur2(bytes)).toBe(hash);
    expect([3, 7, 12].map((n) => javaPartition(bytes, n))).toEqual([p3, p7, p12]);
  });
});

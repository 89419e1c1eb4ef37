import type { AttributeValue } from '@aws-sdk/client-dynamodb';

import { seededRandom } from '../test/support/seeded-random.js';

export type Item = Record<string, AttributeValue>;

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
const TARGET_BYTES = 1000;

/** The bench tables' key attributes, hash key first. */
export const KEY_NAMES = ['pk', 'sk'];

export const benchKey = (i: number): Item => ({
  pk: { S: `item-${String(i).padStart(8, '0')}` },
  sk: { N: String(i % 1000) },
});

/**
 * Item `i`: about 1 KB (DynamoDB's size rules) of every attribute type, nested maps and lists,
 * numbers with many digits, so the connector's type mapping does its real work. `version`
 * lets an update produce a different image of the same key.
 */
export function benchItem(i: number, version = 0): Item {
  const rnd = seededRandom(i * 7919 + version);
  const word = () => WORDS[Math.floor(rnd() * WORDS.length)] as string;
  const item: Item = {
    ...benchKey(i),
    version: { N: String(version) },
    name: { S: `${word()} ${word()} ${i}` },
    count: { N: String(Math.floor(rnd() * 1e6)) },
    price: { N: (rnd() * 1e4).toFixed(4) },
    exact: { N: `1234567890123456789012345678.${i}` },
    active: { BOOL: rnd() < 0.5 },
    nothing: { NULL: true },
    tags: { SS: [word(), `${word()}-${i % 97}`, `t${i}`] },
    scores: { NS: ['1.5', String(i), String(version + 0.25)] },
    blob: { B: Uint8Array.from({ length: 48 }, () => Math.floor(rnd() * 256)) },
    address: {
      M: {
        street: { S: `${Math.floor(rnd() * 999)} ${word()} street` },
        city: { S: word() },
        geo: { M: { lat: { N: (rnd() * 180 - 90).toFixed(6) }, lon: { N: '-0.127758' } } },
      },
    },
    history: {
      L: [0, 1, 2].map((n) => ({
        M: { at: { N: String(1_700_000_000_000 + n * 1000 + i) }, what: { S: word() } },
      })),
    },
  };
  item.payload = { S: 'x'.repeat(Math.max(0, TARGET_BYTES - itemSize(item) - 7)) };
  return item;
}

/** Bytes by DynamoDB's item-size rules (names + values; maps and lists add 3 + 1 per element). */
export function itemSize(item: Item): number {
  let n = 0;
  for (const [name, value] of Object.entries(item)) n += Buffer.byteLength(name) + valueSize(value);
  return n;
}

function valueSize(v: AttributeValue): number {
  if (v.S !== undefined) return Buffer.byteLength(v.S);
  if (v.N !== undefined) return Math.ceil(v.N.replace(/[-.]/g, '').length / 2) + 1;
  if (v.B !== undefined) return v.B.length;
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.SS) return v.SS.reduce((n, s) => n + Buffer.byteLength(s), 0);
  if (v.NS) return v.NS.reduce((n, s) => n + valueSize({ N: s }), 0);
  if (v.M) return 3 + Object.values(v.M).length + itemSize(v.M);
  if (v.L) return 3 + v.L.length + v.L.reduce((n, e) => n + valueSize(e), 0);
  return 0;
}

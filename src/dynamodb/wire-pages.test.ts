import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../test/support/seeded-random.js';
import { type Item, itemJson, keyJson } from './attribute-json.js';
import { readRecordsPage, readScanPage } from './wire-pages.js';

/** An AttributeValue on the wire: JSON, binaries as base64 text. */
function toWire(av: AttributeValue): unknown {
  if (av.B) return { B: Buffer.from(av.B).toString('base64') };
  if (av.BS) return { BS: av.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (av.M) return { M: wireItem(av.M) };
  if (av.L) return { L: av.L.map(toWire) };
  return av;
}
const wireItem = (item: Item) =>
  Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toWire(v)]));

// Strings that exercise every escape JSON has, non-ASCII, astral and lone surrogates.
const STRINGS = [
  '',
  'plain',
  'é ünï ✓ 鍵',
  '😀 astral',
  'quote " back \\ slash /',
  'ctl \n\t\r\b\f \u0001 \u001f',
  'lone \ud800 surrogate',
  'del \u007f',
  '\u2028\u2029',
];
const NUMBERS = [
  '0',
  '7',
  '-0',
  '-123.456',
  '1E-130',
  '9.9999999999999999999999999999999999999E+125',
  '12345678901234567890123456789012345678',
  '0.10',
];

function randomValue(rnd: () => number, depth: number): AttributeValue {
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)] as T;
  const bytes = () =>
    Uint8Array.from({ length: Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 256));
  switch (Math.floor(rnd() * (depth > 2 ? 9 : 11))) {
    case 0:
      return { S: pick(STRINGS) + Math.floor(rnd() * 1000) };
    case 1:
      return { N: pick(NUMBERS) };
    case 2:
      return { B: bytes() };
    case 3:
      return { BOOL: rnd() < 0.5 };
    case 4:
      return { NULL: true };
    case 5:
      return { SS: [pick(STRINGS), `${pick(STRINGS)}x`] };
    case 6:
      return { NS: [pick(NUMBERS), '1'] };
    case 7:
      return { BS: [bytes(), bytes()] };
    case 8:
      return { S: 'x'.repeat(Math.floor(rnd() * 3000)) + pick(STRINGS) };
    case 9:
      return { M: randomItem(rnd, depth + 1) };
    default:
      return {
        L: Array.from({ length: Math.floor(rnd() * 4) }, () => randomValue(rnd, depth + 1)),
      };
  }
}

function randomItem(rnd: () => number, depth = 0): Item {
  const item: Item = {};
  const n = Math.floor(rnd() * 8) + (depth === 0 ? 0 : 0);
  for (let i = 0; i < n; i++) item[`${STRINGS[i % STRINGS.length]}a${i}`] = randomValue(rnd, depth);
  return item;
}

const KEYS = ['pk', 'sk'];

/** Valid JSON that escapes more than JSON.stringify does: every non-ASCII character and '/'. */
const escapeMore = (text: string) =>
  text
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replaceAll('/', '\\/');

describe('readScanPage', () => {
  it.each([
    { wire: 'as JSON.stringify writes it', encode: (t: string) => t },
    { wire: 'with every non-ASCII character and / escaped', encode: escapeMore },
  ])(
    'writes every item and key exactly as attribute-json does, wire $wire (seeded, every type)',
    ({ encode }) => {
      const rnd = seededRandom(42);
      const items = Array.from({ length: 300 }, (_, i) => ({
        // Key attributes anywhere in the item, not only first.
        ...randomItem(rnd),
        sk: { N: String(i) },
        pk: { S: `${STRINGS[i % STRINGS.length]}#${i}` },
        ...randomItem(rnd),
      }));
      const body = Buffer.from(
        encode(
          JSON.stringify({
            ConsumedCapacity: { CapacityUnits: 12.5, TableName: 't' },
            Count: items.length,
            Items: items.map(wireItem),
            LastEvaluatedKey: { pk: { S: 'last' }, sk: { N: '9' }, b: { B: 'aGk=' } },
            ScannedCount: items.length,
          }),
        ),
      );
      const page = readScanPage(body, KEYS);
      expect(page.items).toHaveLength(items.length);
      page.items.forEach((got, i) => {
        const item = items[i] as Item;
        expect(got.image.toString()).toBe(itemJson(item));
        expect(got.key.toString()).toBe(keyJson(item, KEYS));
      });
      expect(page.consumedCapacity).toBe(12.5);
      expect(page.lastEvaluatedKey).toEqual({
        pk: { S: 'last' },
        sk: { N: '9' },
        b: { B: Buffer.from('hi') },
      });
    },
  );

  it('keeps every attribute name: __proto__, constructor, quotes, newlines, control characters, unicode', () => {
    const names = [
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      'a"b',
      'line\nbreak',
      '\u0001\u001f',
      'ключ 鍵 😀',
    ];
    // Object.fromEntries defines own members, so even `__proto__` is an attribute here.
    const item = Object.fromEntries(
      names.map((n, i) => [n, { M: Object.fromEntries([[n, { N: String(i) }]]) }]),
    );
    const keyNames = ['__proto__', 'a"b'];
    const wire = (text: string) => readScanPage(Buffer.from(text), keyNames).items[0];
    const body = JSON.stringify({
      Items: [Object.fromEntries(Object.entries(item).map(([k, v]) => [k, toWire(v)]))],
    });
    for (const text of [body, escapeMore(body)]) {
      const got = wire(text);
      expect(got?.image.toString()).toBe(itemJson(item));
      expect(got?.key.toString()).toBe(keyJson(item, keyNames));
      expect(Object.keys(JSON.parse(got?.image.toString() ?? ''))).toEqual(names);
    }
  });

  it('reads a last page and whitespace between tokens', () => {
    const page = readScanPage(
      Buffer.from(' { "Items" : [ { "pk" : { "S" : "a" } } ] , "Count":1 } '),
      ['pk'],
    );
    expect(page.items.map((i) => i.image.toString())).toEqual(['{"pk":"a"}']);
    expect(page.lastEvaluatedKey).toBeUndefined();
  });

  it.each([
    {
      name: 'a number that is not JSON',
      body: '{"Items":[{"pk":{"S":"a"},"n":{"N":".5"}}]}',
      error: /number '.5' cannot be written/,
    },
    {
      name: 'an unknown type',
      body: '{"Items":[{"pk":{"S":"a"},"x":{"FUTURE":"1"}}]}',
      error: /unsupported attribute value type FUTURE/,
    },
    {
      name: 'a missing key attribute',
      body: '{"Items":[{"other":{"S":"a"}}]}',
      error: /lacks key attribute 'pk'/,
    },
    {
      name: 'two types in one value',
      body: '{"Items":[{"pk":{"S":"a","N":"1"}}]}',
      error: /more than one type/,
    },
    { name: 'a truncated answer', body: '{"Items":[{"pk":{"S":"a', error: /unterminated string/ },
  ])('refuses $name, saying what is wrong', ({ body, error }) => {
    expect(() => readScanPage(Buffer.from(body), ['pk'])).toThrow(error);
  });

  it('names the item by its key and the attribute by its path, however deep', () => {
    const body =
      '{"Items":[{"pk":{"S":"ok"}},{"a":{"M":{"__proto__":{"L":[{"N":"1e"}]}}},"pk":{"S":"bad"}}]}';
    expect(() => readScanPage(Buffer.from(body), ['pk'])).toThrow(
      `item {"pk":{"S":"bad"}}: attribute "a"."__proto__": number '1e' cannot be written as a JSON number`,
    );
  });
});

describe('readRecordsPage', () => {
  it('reads each record: event, sequence number, time, key in key order, images', () => {
    const record = (eventName: string, extra: object) => ({
      awsRegion: 'us-east-1',
      eventID: `e-${eventName}`,
      eventName,
      eventSource: 'aws:dynamodb',
      eventVersion: '1.1',
      dynamodb: {
        ApproximateCreationDateTime: 1763856000.5,
        SequenceNumber: `1${eventName.length}`,
        SizeBytes: 9,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
        Keys: { sk: { N: '5' }, pk: { S: 'a' } },
        ...extra,
      },
    });
    const body = Buffer.from(
      JSON.stringify({
        NextShardIterator: 'next',
        Records: [
          record('INSERT', { NewImage: { pk: { S: 'a' }, sk: { N: '5' }, b: { B: 'aGk=' } } }),
          {
            ...record('REMOVE', { OldImage: { pk: { S: 'a' }, sk: { N: '5' } } }),
            userIdentity: { PrincipalId: 'dynamodb.amazonaws.com', Type: 'Service' },
          },
        ],
      }),
    );
    const page = readRecordsPage(body, KEYS);
    expect(page.nextShardIterator).toBe('next');
    expect(
      page.records.map((r) => ({
        ...r,
        key: String(r.key),
        newImage: r.newImage && String(r.newImage),
        oldImage: r.oldImage && String(r.oldImage),
      })),
    ).toEqual([
      {
        eventId: 'e-INSERT',
        eventName: 'INSERT',
        sequenceNumber: '16',
        changeTimeMs: 1763856000500,
        key: '{"pk":"a","sk":5}',
        newImage: '{"pk":"a","sk":5,"b":"aGk="}',
        oldImage: null,
        userIdentity: null,
      },
      {
        eventId: 'e-REMOVE',
        eventName: 'REMOVE',
        sequenceNumber: '16',
        changeTimeMs: 1763856000500,
        key: '{"pk":"a","sk":5}',
        newImage: null,
        oldImage: '{"pk":"a","sk":5}',
        userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
      },
    ]);
  });

  it('reads a closed shard (no NextShardIterator) and an empty page', () => {
    expect(readRecordsPage(Buffer.from('{"Records":[]}'), KEYS)).toEqual({
      records: [],
      nextShardIterator: undefined,
    });
  });

  it('names the record by its event and key, and the attribute of its image', () => {
    const body =
      '{"Records":[{"eventID":"e","eventName":"MODIFY","dynamodb":{"ApproximateCreationDateTime":1,"SequenceNumber":"5","Keys":{"pk":{"S":"a"},"sk":{"N":"1"}},"NewImage":{"pk":{"S":"a"},"sk":{"N":"1"},"x\\"y":{"FUTURE":1}}}}]}';
    expect(() => readRecordsPage(Buffer.from(body), KEYS)).toThrow(
      `item {"eventID":"e","Keys":{"pk":{"S":"a"},"sk":{"N":"1"}}}: attribute "x\\"y": unsupported attribute value type FUTURE`,
    );
  });

  it('refuses a record without its sequence number', () => {
    const body =
      '{"Records":[{"eventID":"e","eventName":"MODIFY","dynamodb":{"ApproximateCreationDateTime":1,"Keys":{"pk":{"S":"a"},"sk":{"N":"1"}}}}]}';
    expect(() => readRecordsPage(Buffer.from(body), KEYS)).toThrow(/malformed stream record e/);
  });
});

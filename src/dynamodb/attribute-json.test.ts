import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { stringify } from '../records/exact-json.js';
import { attributeToJson, keyToJson } from './attribute-json.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('attributeToJson (DESIGN §4 type mapping)', () => {
  it.each<{ name: string; av: AttributeValue; json: string }>([
    { name: 'S', av: { S: 'héllo "x"' }, json: '"héllo \\"x\\""' },
    {
      name: 'N 38 digits',
      av: { N: '12345678901234567890123456789012345678' },
      json: '12345678901234567890123456789012345678',
    },
    { name: 'N negative decimal', av: { N: '-123.456' }, json: '-123.456' },
    { name: 'N tiny', av: { N: '1E-130' }, json: '1E-130' },
    { name: 'B', av: { B: bytes('hi') }, json: '"aGk="' },
    { name: 'BOOL', av: { BOOL: false }, json: 'false' },
    { name: 'NULL', av: { NULL: true }, json: 'null' },
    {
      name: 'M nested',
      av: { M: { a: { L: [{ N: '1' }, { M: { b: { S: 'c' } } }] } } },
      json: '{"a":[1,{"b":"c"}]}',
    },
    { name: 'SS', av: { SS: ['a', 'b'] }, json: '["a","b"]' },
    { name: 'NS exact', av: { NS: ['1', '0.10'] }, json: '[1,0.10]' },
    { name: 'BS', av: { BS: [bytes('a'), bytes('b')] }, json: '["YQ==","Yg=="]' },
    { name: 'empty L', av: { L: [] }, json: '[]' },
  ])('$name', ({ av, json }) => {
    expect(stringify(attributeToJson(av))).toBe(json);
  });

  it('refuses a number that is not valid JSON instead of rewriting it', () => {
    expect(() => attributeToJson({ N: '.5' })).toThrow(/cannot be written/);
  });
});

describe('keyToJson', () => {
  it('orders hash key before range key whatever the item order', () => {
    const item = { sk: { N: '5' }, other: { S: 'x' }, pk: { S: 'a' } };
    expect(stringify(keyToJson(item, ['pk', 'sk']))).toBe('{"pk":"a","sk":5}');
  });

  it('fails when a key attribute is missing', () => {
    expect(() => keyToJson({ pk: { S: 'a' } }, ['pk', 'sk'])).toThrow(/sk/);
  });
});

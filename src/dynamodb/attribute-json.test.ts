import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { attributeJson, itemJson, keyJson } from './attribute-json.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('attributeJson (DESIGN §4 type mapping)', () => {
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
    { name: 'empty M', av: { M: {} }, json: '{}' },
    { name: 'empty S', av: { S: '' }, json: '""' },
    { name: 'BOOL true', av: { BOOL: true }, json: 'true' },
    { name: 'S with control characters', av: { S: 'a\nb\u0001' }, json: '"a\\nb\\u0001"' },
    { name: 'map key needing escapes', av: { M: { 'a"b': { N: '0' } } }, json: '{"a\\"b":0}' },
    {
      name: 'B that is a view into a larger buffer',
      av: { B: bytes('xhiy').subarray(1, 3) },
      json: '"aGk="',
    },
  ])('$name', ({ av, json }) => {
    expect(attributeJson(av)).toBe(json);
  });

  it('refuses a number that is not valid JSON instead of rewriting it', () => {
    expect(() => attributeJson({ N: '.5' })).toThrow(/cannot be written/);
  });
});

describe('keyJson', () => {
  it('orders hash key before range key whatever the item order', () => {
    const item = { sk: { N: '5' }, other: { S: 'x' }, pk: { S: 'a' } };
    expect(keyJson(item, ['pk', 'sk'])).toBe('{"pk":"a","sk":5}');
  });

  it('fails when a key attribute is missing', () => {
    expect(() => keyJson({ pk: { S: 'a' } }, ['pk', 'sk'])).toThrow(/sk/);
  });
});

describe('itemJson', () => {
  it('keeps the attribute order DynamoDB gave', () => {
    expect(itemJson({ z: { S: 'last?' }, a: { NULL: true } })).toBe('{"z":"last?","a":null}');
  });

  it('is JSON that parses back to the same values', () => {
    const text = itemJson({ s: { S: 'x' }, l: { L: [{ BOOL: true }, { SS: ['a'] }] } });
    expect(JSON.parse(text)).toEqual({ s: 'x', l: [true, ['a']] });
  });
});

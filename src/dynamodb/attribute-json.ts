import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { RecordError } from '../errors.js';
import { isJsonNumberText, JsonNumber, type JsonValue } from '../records/exact-json.js';

export type Item = Record<string, AttributeValue>;

function number(text: string): JsonNumber {
  // DynamoDB returns numbers in canonical form, which is valid JSON; anything else is refused
  // rather than rewritten, so the topic never carries a number that differs from the table's.
  if (!isJsonNumberText(text))
    throw new RecordError(`number '${text}' cannot be written as a JSON number`);
  return new JsonNumber(text);
}

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** DynamoDB type mapping (DESIGN §4): S string, N exact number, B base64, sets as arrays. */
export function attributeToJson(av: AttributeValue): JsonValue {
  if (av.S !== undefined) return av.S;
  if (av.N !== undefined) return number(av.N);
  if (av.B !== undefined) return base64(av.B);
  if (av.BOOL !== undefined) return av.BOOL;
  if (av.NULL !== undefined) return null;
  if (av.M !== undefined) return itemToJson(av.M);
  if (av.L !== undefined) return av.L.map(attributeToJson);
  if (av.SS !== undefined) return [...av.SS];
  if (av.NS !== undefined) return av.NS.map(number);
  if (av.BS !== undefined) return av.BS.map(base64);
  throw new RecordError(`unsupported attribute value: ${Object.keys(av).join(',')}`);
}

export function itemToJson(item: Item): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const [name, av] of Object.entries(item)) out[name] = attributeToJson(av);
  return out;
}

/** The key attributes in key-schema order (hash first), so the same item always gets the same bytes. */
export function keyToJson(item: Item, keyNames: readonly string[]): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const name of keyNames) {
    const av = item[name];
    if (av === undefined) throw new RecordError(`item lacks key attribute '${name}'`);
    out[name] = attributeToJson(av);
  }
  return out;
}

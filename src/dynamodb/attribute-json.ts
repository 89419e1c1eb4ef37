import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { RecordError } from '../errors.js';
import { isJsonNumberText } from '../records/exact-json.js';

export type Item = Record<string, AttributeValue>;

function number(text: string): string {
  // DynamoDB returns numbers in canonical form, which is valid JSON; anything else is refused
  // rather than rewritten, so the topic never carries a number that differs from the table's.
  if (!isJsonNumberText(text))
    throw new RecordError(`number '${text}' cannot be written as a JSON number`);
  return text;
}

const base64 = (bytes: Uint8Array) =>
  `"${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}"`;
const string = (s: string) => JSON.stringify(s);

/**
 * DynamoDB type mapping (DESIGN §4), straight to JSON text: S string, N exact number, B base64,
 * sets as arrays. Text in one pass, not a JS object handed to a serializer: this runs for every
 * attribute of every record and was the connector's own largest cost (bench profile).
 */
export function attributeJson(av: AttributeValue): string {
  if (av.S !== undefined) return string(av.S);
  if (av.N !== undefined) return number(av.N);
  if (av.B !== undefined) return base64(av.B);
  if (av.BOOL !== undefined) return av.BOOL ? 'true' : 'false';
  if (av.NULL !== undefined) return 'null';
  if (av.M !== undefined) return itemJson(av.M);
  if (av.L !== undefined) return `[${av.L.map(attributeJson).join(',')}]`;
  if (av.SS !== undefined) return `[${av.SS.map(string).join(',')}]`;
  if (av.NS !== undefined) return `[${av.NS.map(number).join(',')}]`;
  if (av.BS !== undefined) return `[${av.BS.map(base64).join(',')}]`;
  throw new RecordError(`unsupported attribute value: ${Object.keys(av).join(',')}`);
}

/** Appends `"name":value` to an object's text so far ('' before the first member). */
const member = (out: string, name: string, av: AttributeValue) =>
  `${out ? `${out},` : '{'}${string(name)}:${attributeJson(av)}`;
const close = (out: string) => (out ? `${out}}` : '{}');

/** An item (or map) as a JSON object, attributes in the order DynamoDB gave them. */
export function itemJson(item: Item): string {
  let out = '';
  for (const name of Object.keys(item)) out = member(out, name, item[name] as AttributeValue);
  return close(out);
}

/** The key attributes in key-schema order (hash first), so the same item always gets the same bytes. */
export function keyJson(item: Item, keyNames: readonly string[]): string {
  let out = '';
  for (const name of keyNames) {
    const av = item[name];
    if (av === undefined) throw new RecordError(`item lacks key attribute '${name}'`);
    out = member(out, name, av);
  }
  return close(out);
}

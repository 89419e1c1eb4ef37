import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Item } from './attribute-json.js';

/** An item as DynamoDB's JSON protocol writes it, JSON.parse'd: binaries as base64 text. */
export type JsonItem = { [name: string]: { [type: string]: unknown } };

/**
 * A JSON.parse'd AttributeValue as the SDK's type, binaries as bytes. Decoded here rather than
 * by the SDK, whose generic map decoding loses a member named `__proto__`; Object.fromEntries
 * defines own members, whatever their names.
 */
export function fromJson(av: { [type: string]: unknown }): AttributeValue {
  if (typeof av.B === 'string') return { B: Buffer.from(av.B, 'base64') };
  if (Array.isArray(av.BS)) return { BS: av.BS.map((b: string) => Buffer.from(b, 'base64')) };
  if (av.M) return { M: fromJsonItem(av.M as JsonItem) };
  if (Array.isArray(av.L)) return { L: av.L.map(fromJson) };
  return av as unknown as AttributeValue;
}

export const fromJsonItem = (item: JsonItem): Item =>
  Object.fromEntries(Object.entries(item).map(([name, av]) => [name, fromJson(av)]));

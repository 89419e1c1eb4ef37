import { JsonNumber, type JsonValue, RawJson } from '../records/exact-json.js';

/** An attribute value as DynamoDB's JSON protocol carries it: N as its exact text, B as base64. */
export type WireValue = { [type: string]: unknown };
export type WireItem = { [name: string]: WireValue };

/** The types a key attribute can have (AttributeDefinitions). */
export type KeyType = 'S' | 'N' | 'B';

/** Why a value cannot be written; the caller adds table, key and attribute. */
export class ValueProblem extends Error {}

/**
 * The type mapping read backwards (DESIGN §4): string S, exact number N, boolean BOOL, null
 * NULL, object M, array L. Binaries and sets became strings and arrays in the topic and cannot
 * be told apart from them, so they come back as S and L, except key attributes, whose type the
 * target's key schema gives (a B key from its base64 text).
 */
export function toWire(value: JsonValue): WireValue {
  if (value === null) return { NULL: true };
  if (value instanceof JsonNumber) return { N: value.text };
  if (value instanceof RawJson) throw new ValueProblem('raw JSON cannot be mapped');
  switch (typeof value) {
    case 'string':
      return { S: value };
    case 'boolean':
      return { BOOL: value };
    case 'number':
      return { N: String(value) };
  }
  if (Array.isArray(value)) return { L: value.map(toWire) };
  return { M: toWireItem(value) };
}

/** Sets an attribute as an own member, whatever its name (`__proto__` included). */
export function setAttribute(item: WireItem, name: string, value: WireValue): void {
  Object.defineProperty(item, name, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

export function toWireItem(object: { [name: string]: JsonValue }): WireItem {
  const item: WireItem = {};
  for (const name of Object.keys(object))
    setAttribute(item, name, toWire(object[name] as JsonValue));
  return item;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A key attribute as the target's key schema types it; a problem when the value does not fit. */
export function keyWire(value: JsonValue | undefined, type: KeyType): WireValue {
  if (value === undefined) throw new ValueProblem('is missing');
  if (type === 'N') {
    if (value instanceof JsonNumber) return { N: value.text };
    throw new ValueProblem('must be a number (the target key type is N)');
  }
  if (typeof value !== 'string')
    throw new ValueProblem(`must be a string (the target key type is ${type})`);
  if (type === 'B' && !BASE64.test(value))
    throw new ValueProblem('must be base64 text (the target key type is B)');
  return type === 'B' ? { B: value } : { S: value };
}

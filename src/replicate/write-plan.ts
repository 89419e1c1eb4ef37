import { RecordError } from '../errors.js';
import { type JsonValue, parse, RawJson } from '../records/exact-json.js';
import {
  type KeyType,
  keyWire,
  setAttribute,
  toWireItem,
  ValueProblem,
  type WireItem,
  type WireValue,
} from './json-attributes.js';

/** One topic record as replicate reads it. */
export interface TopicRecord {
  partition: number;
  offset: bigint;
  key: string | null;
  /** null: a tombstone. */
  value: string | null;
}

/** What one record asks of the target: the item to put, or the key to delete, and its offset. */
export type WritePlan =
  | { kind: 'put'; key: string; wireKey: WireItem; item: WireItem; offset: bigint; op: string }
  | { kind: 'delete'; key: string; wireKey: WireItem; offset: bigint; op: string };

export interface PlanContext {
  /** The source table, for messages. */
  table: string;
  format: 'envelope' | 'new_image';
  /** The target's key attributes, hash first, with their types. */
  keySchema: readonly { name: string; type: KeyType }[];
  versionAttribute: string;
}

type JsonObject = { [name: string]: JsonValue };
const isObject = (v: JsonValue | undefined): v is JsonObject =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof RawJson);

/**
 * A record → the write it asks for (put for r/c/u, delete for d and a tombstone). Bad data is
 * never skipped: the error names the table, the record's place and key, and what is wrong.
 */
export function planWrite(record: TopicRecord, ctx: PlanContext): WritePlan {
  const where = `${ctx.table} partition ${record.partition} offset ${record.offset} key ${record.key ?? 'null'}`;
  const fail = (reason: string): never => {
    throw new RecordError(`cannot replicate ${where}: ${reason}`);
  };
  if (record.key === null) return fail('the record has no key');
  const keyObject = parseJson(record.key, 'the key', fail);
  if (!isObject(keyObject)) return fail('the key is not a JSON object');
  const wireKey = wireKeyOf(keyObject, ctx, 'the key', fail);
  const base = { key: record.key, wireKey, offset: record.offset };
  if (record.value === null) return { kind: 'delete', ...base, op: 'tombstone' };
  const value = parseJson(record.value, 'the value', fail);
  let image: JsonValue | undefined;
  let op: string;
  if (ctx.format === 'new_image') {
    image = value;
    op = 'image';
  } else {
    if (!isObject(value)) return fail('the value is not an envelope (a JSON object)');
    const envelopeOp = value.op;
    if (envelopeOp === 'd') return { kind: 'delete', ...base, op: 'd' };
    if (envelopeOp !== 'r' && envelopeOp !== 'c' && envelopeOp !== 'u')
      return fail(`the envelope's op is ${JSON.stringify(envelopeOp ?? null)}, not r, c, u or d`);
    op = envelopeOp;
    image = value.after;
    if (image === null || image === undefined) return fail(`op ${op} without an after image`);
  }
  if (!isObject(image)) return fail('the image is not a JSON object');
  if (Object.hasOwn(image, ctx.versionAttribute))
    return fail(
      `the item has attribute ${JSON.stringify(ctx.versionAttribute)}, which replicate.versionAttribute reserves`,
    );
  const imageKey = wireKeyOf(image, ctx, 'the image', fail);
  if (JSON.stringify(imageKey) !== JSON.stringify(wireKey))
    return fail("the image's key attributes differ from the record key");
  let item: WireItem;
  try {
    item = toWireItem(image);
  } catch (err) {
    return fail(`the image: ${(err as Error).message}`);
  }
  // Typed as the target's key schema says (a B key from its base64 text).
  for (const { name } of ctx.keySchema) setAttribute(item, name, wireKey[name] as WireValue);
  return { kind: 'put', ...base, item, op };
}

function parseJson(text: string, what: string, fail: (reason: string) => never): JsonValue {
  try {
    return parse(text);
  } catch (err) {
    return fail(`${what} is not JSON (${(err as Error).message})`);
  }
}

function wireKeyOf(
  object: JsonObject,
  ctx: PlanContext,
  what: string,
  fail: (reason: string) => never,
): WireItem {
  const key: WireItem = {};
  for (const { name, type } of ctx.keySchema) {
    try {
      setAttribute(
        key,
        name,
        keyWire(Object.hasOwn(object, name) ? object[name] : undefined, type),
      );
    } catch (err) {
      if (!(err instanceof ValueProblem)) throw err;
      fail(`${what}: key attribute ${JSON.stringify(name)} ${err.message}`);
    }
  }
  return key;
}

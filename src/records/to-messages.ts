import { itemJson, keyJson } from '../dynamodb/attribute-json.js';
import type { Change } from './change.js';
import { RawJson, stringify } from './exact-json.js';

export interface RecordContext {
  connector: string;
  table: string;
  region: string;
  /** Key attribute names, hash key first. */
  keyNames: readonly string[];
  format: 'envelope' | 'new_image';
  tombstones: boolean;
  initSyncStart: number | null;
}

export interface OutMessage {
  key: string;
  value: string | null;
  headers: Record<string, string>;
}

/**
 * A change as Kafka messages (DESIGN §4): the record, then a tombstone after a delete. Fields
 * that do not apply are null, never absent, so consumers can rely on the shape.
 */
export function toMessages(change: Change, ctx: RecordContext, nowMs: number): OutMessage[] {
  const key = keyJson(change.keys, ctx.keyNames);
  const headers = { 'dynamodb.table': ctx.table, 'dynamodb.op': change.op };
  const out: OutMessage[] = [];
  if (ctx.format === 'envelope') {
    const value = stringify({
      op: change.op,
      ts_ms: nowMs,
      source: {
        connector: ctx.connector,
        table: ctx.table,
        region: ctx.region,
        phase: change.phase,
        ts_ms: Math.trunc(change.changeTimeMs),
        event_id: change.eventId,
        sequence_number: change.sequenceNumber,
        shard_id: change.shardId,
        init_sync_start: ctx.initSyncStart,
        ttl_delete: change.ttlDelete,
      },
      key: new RawJson(key),
      before: change.before ? new RawJson(itemJson(change.before)) : null,
      after: change.after ? new RawJson(itemJson(change.after)) : null,
    });
    out.push({ key, value, headers });
  } else if (change.op !== 'd' && change.after) {
    out.push({ key, value: itemJson(change.after), headers });
  }
  // In new_image format the tombstone is the only trace of a delete, so it is always written.
  if (change.op === 'd' && (ctx.tombstones || ctx.format === 'new_image')) {
    out.push({ key, value: null, headers: { ...headers, 'dynamodb.op': 'tombstone' } });
  }
  return out;
}

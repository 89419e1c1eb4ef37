import { ByteWriter } from './byte-writer.js';
import type { Change } from './change.js';
import { withoutReplicationAttributes } from './replication-attributes.js';

export interface RecordContext {
  connector: string;
  table: string;
  region: string;
  format: 'envelope' | 'new_image';
  tombstones: boolean;
  initSyncStart: number | null;
  /** globalTable.stripReplicationAttributes: images without aws:rep:* attributes. */
  stripReplication: boolean;
}

/** A record as handed to Kafka: key and value are UTF-8 JSON; a null value is a tombstone. */
export interface OutMessage {
  key: Buffer;
  value: Buffer | null;
  headers: Record<string, string>;
}

const json = (s: string | null) => (s === null ? 'null' : JSON.stringify(s));

/**
 * Changes as Kafka messages (DESIGN §4): each record, then a tombstone after a delete. The
 * envelope is written as bytes around the key and images the wire reader already wrote, in the
 * field order of the contract; fields that do not apply are null, never absent.
 */
export function toMessages(changes: Change[], ctx: RecordContext, nowMs: number): OutMessage[] {
  const out = new ByteWriter(
    changes.reduce((n, c) => n + 400 + (c.before?.length ?? 0) + (c.after?.length ?? 0), 0),
  );
  const source = `,"source":{"connector":${json(ctx.connector)},"table":${json(ctx.table)},"region":${json(ctx.region)},"phase":"`;
  const initSyncStart = ctx.initSyncStart === null ? 'null' : String(ctx.initSyncStart);
  const messages: OutMessage[] = [];
  for (const change of changes) {
    const c = ctx.stripReplication ? stripped(change) : change;
    const headers = { 'dynamodb.table': ctx.table, 'dynamodb.op': c.op };
    if (ctx.format === 'envelope') {
      const start = out.length;
      out.ascii(`{"op":"${c.op}","ts_ms":${nowMs}`);
      out.utf8(source);
      out.ascii(`${c.phase}","ts_ms":${Math.trunc(c.changeTimeMs)},"event_id":`);
      out.utf8(
        `${json(c.eventId)},"sequence_number":${json(c.sequenceNumber)},"shard_id":${json(c.shardId)}`,
      );
      out.ascii(`,"init_sync_start":${initSyncStart},"ttl_delete":${c.ttlDelete}},"key":`);
      out.bytes(c.key);
      out.ascii(',"before":');
      if (c.before) out.bytes(c.before);
      else out.ascii('null');
      out.ascii(',"after":');
      if (c.after) out.bytes(c.after);
      else out.ascii('null');
      out.byte(0x7d);
      messages.push({ key: c.key, value: out.view(start, out.length), headers });
    } else if (c.op !== 'd' && c.after) {
      messages.push({ key: c.key, value: c.after, headers });
    }
    // In new_image format the tombstone is the only trace of a delete, so it is always written.
    if (c.op === 'd' && (ctx.tombstones || ctx.format === 'new_image')) {
      messages.push({
        key: c.key,
        value: null,
        headers: { ...headers, 'dynamodb.op': 'tombstone' },
      });
    }
  }
  return messages;
}

/** The change without replication attributes; the same object when it had none (the usual case). */
function stripped(c: Change): Change {
  const before = c.before && withoutReplicationAttributes(c.before);
  const after = c.after && withoutReplicationAttributes(c.after);
  return before === c.before && after === c.after ? c : { ...c, before, after };
}

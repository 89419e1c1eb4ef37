import { RecordError } from '../errors.js';
import type { Change, Op } from '../records/change.js';
import type { WireItem, WireRecord } from './wire-pages.js';

const OPS: Record<string, Op> = { INSERT: 'c', MODIFY: 'u', REMOVE: 'd' };

/** A DynamoDB Streams record as a change. TTL deletes are made by the DynamoDB service principal. */
export function streamRecordToChange(record: WireRecord, shardId: string): Change {
  const op = OPS[record.eventName];
  if (!op)
    throw new RecordError(`stream record ${record.eventId}: unknown event ${record.eventName}`);
  return {
    op,
    phase: 'SYNC',
    key: record.key,
    before: record.oldImage,
    after: op === 'd' ? null : record.newImage,
    changeTimeMs: record.changeTimeMs,
    eventId: record.eventId || null,
    sequenceNumber: record.sequenceNumber,
    shardId,
    ttlDelete:
      op === 'd' &&
      record.userIdentity?.type === 'Service' &&
      record.userIdentity?.principalId === 'dynamodb.amazonaws.com',
  };
}

/** A scanned item as a snapshot read (op r), at the time its page was read. */
export function snapshotChange(item: WireItem, readAt: number): Change {
  return {
    op: 'r',
    phase: 'INIT_SYNC',
    key: item.key,
    before: null,
    after: item.image,
    changeTimeMs: readAt,
    eventId: null,
    sequenceNumber: null,
    shardId: null,
    ttlDelete: false,
  };
}

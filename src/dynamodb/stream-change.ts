import type { _Record } from '@aws-sdk/client-dynamodb-streams';
import { RecordError } from '../errors.js';
import type { Change, Op } from '../records/change.js';
import type { Item } from './attribute-json.js';

const OPS: Record<string, Op> = { INSERT: 'c', MODIFY: 'u', REMOVE: 'd' };

/** The time of a stream record, ms (ApproximateCreationDateTime; the SDK gives a Date). */
export function changeTimeMs(record: _Record): number {
  const t = record.dynamodb?.ApproximateCreationDateTime;
  if (!t)
    throw new RecordError(`stream record ${record.eventID} has no ApproximateCreationDateTime`);
  return t.getTime();
}

/** A DynamoDB Streams record as a change. TTL deletes are made by the DynamoDB service principal. */
export function streamRecordToChange(record: _Record, shardId: string): Change {
  const op = OPS[record.eventName ?? ''];
  const data = record.dynamodb;
  if (!op || !data?.Keys || !data.SequenceNumber) {
    throw new RecordError(`malformed stream record ${record.eventID} (${record.eventName})`);
  }
  return {
    op,
    phase: 'SYNC',
    keys: data.Keys as Item,
    before: (data.OldImage as Item | undefined) ?? null,
    after: op === 'd' ? null : ((data.NewImage as Item | undefined) ?? null),
    changeTimeMs: changeTimeMs(record),
    eventId: record.eventID ?? null,
    sequenceNumber: data.SequenceNumber,
    shardId,
    ttlDelete:
      op === 'd' &&
      record.userIdentity?.Type === 'Service' &&
      record.userIdentity?.PrincipalId === 'dynamodb.amazonaws.com',
  };
}

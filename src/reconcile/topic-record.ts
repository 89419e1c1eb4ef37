import { CLOSE_OBJECT, JsonScanner, OPEN_OBJECT } from '../dynamodb/json-scanner.js';

/** A record of a table topic, as reconciliation reads it. */
export interface TopicRecord {
  partition: number;
  offset: bigint;
  value: Buffer | null;
  headers: [Buffer | null, Buffer | null][];
}

const ENVELOPE_START = Buffer.from('{"op":');
const OP_HEADER = Buffer.from('dynamodb.op');
const DELETE_OPS = [Buffer.from('d'), Buffer.from('tombstone')];
const NULL = Buffer.from('null');

/** Whether the record's `dynamodb.op` header says delete; compared as bytes (every record passes here). */
function isDelete(headers: TopicRecord['headers']): boolean {
  for (const [k, v] of headers)
    if (k?.equals(OP_HEADER)) return v !== null && DELETE_OPS.some((op) => op.equals(v));
  return false;
}

/** The `after` member of an envelope, as its JSON bytes (exact: nothing re-encoded). */
function envelopeAfter(value: Buffer): Buffer | null {
  const scanner = new JsonScanner(value);
  if (!scanner.open(OPEN_OBJECT, CLOSE_OBJECT)) return null;
  do {
    const name = scanner.name();
    const start = scanner.skipValue();
    if (name === 'after') return value.subarray(start, scanner.pos);
  } while (scanner.more(CLOSE_OBJECT));
  return null;
}

/**
 * What a record says about its key for reconciliation: whether it leaves a live image from an
 * older generation (below `mark`, the partition's end offset when this generation began). If
 * not, the key is deleted, or this generation wrote it: not a ghost.
 */
export function leavesOldImage(record: TopicRecord, mark: bigint | undefined): boolean {
  if (mark === undefined || record.offset >= mark || record.value === null) return false;
  return !isDelete(record.headers);
}

/** A live record's image: an envelope's `after`; a new_image value is the image itself. */
export function imageOf(value: Buffer): Buffer {
  if (!value.subarray(0, ENVELOPE_START.length).equals(ENVELOPE_START)) return value;
  const after = envelopeAfter(value);
  return after && !after.equals(NULL) ? after : value;
}

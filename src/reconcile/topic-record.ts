import { CLOSE_OBJECT, JsonScanner, OPEN_OBJECT } from '../dynamodb/json-scanner.js';

/** A record of a table topic, as reconciliation reads it. */
export interface TopicRecord {
  partition: number;
  offset: bigint;
  value: Buffer | null;
  headers: [Buffer | null, Buffer | null][];
}

const ENVELOPE_START = Buffer.from('{"op":');
const OP_HEADER = 'dynamodb.op';
const NULL = Buffer.from('null');

function opOf(headers: TopicRecord['headers']): string | null {
  for (const [k, v] of headers) if (k?.toString() === OP_HEADER) return v?.toString() ?? null;
  return null;
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
  const op = opOf(record.headers);
  return op !== 'd' && op !== 'tombstone';
}

/** A live record's image: an envelope's `after`; a new_image value is the image itself. */
export function imageOf(value: Buffer): Buffer {
  if (!value.subarray(0, ENVELOPE_START.length).equals(ENVELOPE_START)) return value;
  const after = envelopeAfter(value);
  return after && !after.equals(NULL) ? after : value;
}

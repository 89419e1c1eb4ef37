import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { AttributeError, RecordError } from '../errors.js';
import { ByteWriter } from '../records/byte-writer.js';
import { fromJsonItem } from './json-attributes.js';
import { KeyWriter, type Span } from './key-writer.js';
import { WireReader } from './wire-json.js';

/** An item's key and image as JSON text (views into the page's writer). */
export interface WireItem {
  key: Buffer;
  image: Buffer;
}

export interface ScanPage {
  items: WireItem[];
  lastEvaluatedKey: Record<string, AttributeValue> | undefined;
  consumedCapacity: number;
}

/** A stream record with its key and images already as JSON text. */
export interface WireRecord {
  eventId: string;
  eventName: string;
  sequenceNumber: string;
  /** ApproximateCreationDateTime in ms, rounded as the AWS SDK rounds it. */
  changeTimeMs: number;
  key: Buffer;
  oldImage: Buffer | null;
  newImage: Buffer | null;
  userIdentity: { type: string | null; principalId: string | null } | null;
}

export interface RecordsPage {
  records: WireRecord[];
  nextShardIterator: string | undefined;
}

/**
 * Reads one item or record with `read`. A value it cannot write (AttributeError) is reported
 * with the item's key, taken from the item's own text: read again as plain JSON, since it is
 * well-formed, only not writable.
 */
function naming<T>(
  reader: WireReader,
  keyOf: (parsed: Record<string, unknown>) => unknown,
  read: () => T,
): T {
  const start = reader.pos;
  try {
    return read();
  } catch (err) {
    if (!(err instanceof AttributeError)) throw err;
    reader.pos = start;
    const from = reader.skipValue();
    throw err.inItem(
      JSON.stringify(keyOf(JSON.parse(reader.src.toString('utf8', from, reader.pos)))),
    );
  }
}

/** A Scan answer: every item as key and image JSON, and where the next page starts. */
export function readScanPage(body: Buffer, keyNames: readonly string[]): ScanPage {
  const reader = new WireReader(body);
  const out = new ByteWriter(Math.max(1024, Math.ceil(body.length * 1.1)));
  const key = new KeyWriter(keyNames, () => reader);
  const page: ScanPage = { items: [], lastEvaluatedKey: undefined, consumedCapacity: 0 };
  const spans: Span[] = [];
  if (reader.open(0x7b, 0x7d)) {
    do {
      const member = reader.name();
      if (member === 'Items') {
        if (reader.open(0x5b, 0x5d)) {
          do {
            const start = out.length;
            naming(
              reader,
              (item) => Object.fromEntries(keyNames.map((n) => [n, item[n]])),
              () => reader.copyMap(out, key.listener),
            );
            spans.push([start, out.length], key.write(out));
          } while (reader.more(0x5d));
        }
      } else if (member === 'LastEvaluatedKey') {
        const s = reader.skipValue();
        page.lastEvaluatedKey = fromJsonItem(JSON.parse(body.toString('utf8', s, reader.pos)));
      } else if (member === 'ConsumedCapacity') {
        const s = reader.skipValue();
        const capacity = JSON.parse(body.toString('utf8', s, reader.pos));
        page.consumedCapacity = Number(capacity.CapacityUnits ?? 0);
      } else reader.skipValue();
    } while (reader.more(0x7d));
  }
  // Views once everything is written: they all share the writer's final buffer.
  for (let i = 0; i < spans.length; i += 2) {
    page.items.push({
      image: viewOf(out, spans[i] as Span),
      key: viewOf(out, spans[i + 1] as Span),
    });
  }
  return page;
}

const viewOf = (out: ByteWriter, [start, end]: Span) => out.view(start, end);

/** Where a record's key and images were written, until the page is done. */
interface RecordSpans {
  key: Span | null;
  oldImage: Span | null;
  newImage: Span | null;
}

/** Reads the `dynamodb` member of a stream record into `r`. */
function readStreamData(
  reader: WireReader,
  out: ByteWriter,
  key: KeyWriter,
  r: WireRecord,
  spans: RecordSpans,
) {
  if (!reader.open(0x7b, 0x7d)) return;
  do {
    const member = reader.name();
    if (member === 'Keys') {
      // Written out only to learn where each key value is; the key is what the record keeps.
      reader.copyMap(out, key.listener);
      spans.key = key.write(out);
    } else if (member === 'NewImage' || member === 'OldImage') {
      const start = out.length;
      reader.copyMap(out);
      if (member === 'NewImage') spans.newImage = [start, out.length];
      else spans.oldImage = [start, out.length];
    } else if (member === 'SequenceNumber') r.sequenceNumber = reader.string();
    else if (member === 'ApproximateCreationDateTime')
      r.changeTimeMs = Math.round(Number(reader.scalar()) * 1000);
    else reader.skipValue();
  } while (reader.more(0x7d));
}

/** Reads `userIdentity` ({Type, PrincipalId}): TTL deletes are made by DynamoDB itself. */
function readIdentity(reader: WireReader): WireRecord['userIdentity'] {
  if (reader.peek() !== 0x7b) {
    reader.skipValue();
    return null;
  }
  const identity = { type: null as string | null, principalId: null as string | null };
  if (reader.open(0x7b, 0x7d)) {
    do {
      const member = reader.name();
      if (member === 'Type') identity.type = reader.string();
      else if (member === 'PrincipalId') identity.principalId = reader.string();
      else reader.skipValue();
    } while (reader.more(0x7d));
  }
  return identity;
}

/** A GetRecords answer: every record with key and images as JSON, and the next iterator. */
export function readRecordsPage(body: Buffer, keyNames: readonly string[]): RecordsPage {
  const reader = new WireReader(body);
  const out = new ByteWriter(Math.max(1024, Math.ceil(body.length * 1.1)));
  const key = new KeyWriter(keyNames, () => reader);
  const page: RecordsPage = { records: [], nextShardIterator: undefined };
  const all: RecordSpans[] = [];
  if (reader.open(0x7b, 0x7d)) {
    do {
      const member = reader.name();
      if (member === 'NextShardIterator') {
        // A closed shard's last page has none (null or absent).
        if (reader.peek() === 0x22) page.nextShardIterator = reader.string();
        else reader.skipValue();
      } else if (member === 'Records') {
        if (reader.open(0x5b, 0x5d)) {
          do {
            const spans: RecordSpans = { key: null, oldImage: null, newImage: null };
            const record = naming(
              reader,
              (r) => ({ eventID: r.eventID, Keys: (r.dynamodb as { Keys?: unknown })?.Keys }),
              () => readRecord(reader, out, key, spans),
            );
            page.records.push(record);
            all.push(spans);
          } while (reader.more(0x5d));
        }
      } else reader.skipValue();
    } while (reader.more(0x7d));
  }
  // Views once everything is written: they all share the writer's final buffer.
  page.records.forEach((r, i) => {
    const spans = all[i] as RecordSpans;
    r.key = viewOf(out, spans.key as Span);
    r.oldImage = spans.oldImage && viewOf(out, spans.oldImage);
    r.newImage = spans.newImage && viewOf(out, spans.newImage);
  });
  return page;
}

function readRecord(
  reader: WireReader,
  out: ByteWriter,
  key: KeyWriter,
  spans: RecordSpans,
): WireRecord {
  const r: WireRecord = {
    eventId: '',
    eventName: '',
    sequenceNumber: '',
    changeTimeMs: Number.NaN,
    key: Buffer.alloc(0),
    oldImage: null,
    newImage: null,
    userIdentity: null,
  };
  if (reader.open(0x7b, 0x7d)) {
    do {
      const member = reader.name();
      if (member === 'eventID') r.eventId = reader.string();
      else if (member === 'eventName') r.eventName = reader.string();
      else if (member === 'dynamodb') readStreamData(reader, out, key, r, spans);
      else if (member === 'userIdentity') r.userIdentity = readIdentity(reader);
      else reader.skipValue();
    } while (reader.more(0x7d));
  }
  if (!r.sequenceNumber || !spans.key || !r.eventName)
    throw new RecordError(`malformed stream record ${r.eventId} (${r.eventName})`);
  if (Number.isNaN(r.changeTimeMs))
    throw new RecordError(`stream record ${r.eventId} has no ApproximateCreationDateTime`);
  return r;
}

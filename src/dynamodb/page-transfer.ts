import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { RecordsPage, ScanPage, WireRecord } from './wire-pages.js';

/**
 * Pages as they cross from the read thread to the main thread: every key and image is a view
 * into one buffer, so the buffer is transferred (not copied) and the views travel as offsets,
 * packed in one Int32Array (start, end; -1 for an image that is absent).
 */
export interface ScanPageMessage {
  kind: 'scan';
  buffer: ArrayBuffer;
  /** Per item: key start, key end, image start, image end. */
  spans: Int32Array;
  lastEvaluatedKey: Record<string, AttributeValue> | undefined;
  consumedCapacity: number;
}

type RecordFields = Omit<WireRecord, 'key' | 'oldImage' | 'newImage'>;

export interface RecordsPageMessage {
  kind: 'records';
  buffer: ArrayBuffer;
  records: RecordFields[];
  /** Per record: key, old image and new image, each as start, end. */
  spans: Int32Array;
  nextShardIterator: string | undefined;
}

/** The one buffer all the page's views share (the wire reader writes a page into one). */
function bufferOf(views: (Buffer | null)[]): ArrayBuffer {
  let buffer: ArrayBufferLike | undefined;
  for (const v of views) {
    if (v === null) continue;
    buffer ??= v.buffer;
    if (v.buffer !== buffer) throw new Error('page views do not share one buffer');
  }
  return (buffer ?? new ArrayBuffer(0)) as ArrayBuffer;
}

function pack(views: (Buffer | null)[]): Int32Array {
  const spans = new Int32Array(views.length * 2);
  views.forEach((v, i) => {
    spans[2 * i] = v ? v.byteOffset : -1;
    spans[2 * i + 1] = v ? v.byteOffset + v.length : -1;
  });
  return spans;
}

function unpack(buffer: ArrayBuffer, spans: Int32Array, i: number): Buffer | null {
  const start = spans[2 * i] as number;
  if (start < 0) return null;
  return Buffer.from(buffer, start, (spans[2 * i + 1] as number) - start);
}

export function scanPageMessage(page: ScanPage): ScanPageMessage {
  const views = page.items.flatMap((i) => [i.key, i.image]);
  return {
    kind: 'scan',
    buffer: bufferOf(views),
    spans: pack(views),
    lastEvaluatedKey: page.lastEvaluatedKey,
    consumedCapacity: page.consumedCapacity,
  };
}

export function scanPageOf(m: ScanPageMessage): ScanPage {
  const items = [];
  for (let i = 0; i < m.spans.length / 4; i++) {
    items.push({
      key: unpack(m.buffer, m.spans, 2 * i) as Buffer,
      image: unpack(m.buffer, m.spans, 2 * i + 1) as Buffer,
    });
  }
  return { items, lastEvaluatedKey: m.lastEvaluatedKey, consumedCapacity: m.consumedCapacity };
}

export function recordsPageMessage(page: RecordsPage): RecordsPageMessage {
  const views = page.records.flatMap((r) => [r.key, r.oldImage, r.newImage]);
  return {
    kind: 'records',
    buffer: bufferOf(views),
    records: page.records.map(({ key: _k, oldImage: _o, newImage: _n, ...fields }) => fields),
    spans: pack(views),
    nextShardIterator: page.nextShardIterator,
  };
}

export function recordsPageOf(m: RecordsPageMessage): RecordsPage {
  return {
    records: m.records.map((fields, i) => ({
      ...fields,
      key: unpack(m.buffer, m.spans, 3 * i) as Buffer,
      oldImage: unpack(m.buffer, m.spans, 3 * i + 1),
      newImage: unpack(m.buffer, m.spans, 3 * i + 2),
    })),
    nextShardIterator: m.nextShardIterator,
  };
}

import { RecordError } from '../errors.js';
import type { Written } from '../observability/metrics.js';
import type { Change } from '../records/change.js';
import { type OutMessage, type RecordContext, toMessages } from '../records/to-messages.js';
import type { RecordProducer } from './record-producer.js';

const HEADER_OVERHEAD = 100;

function sizeOf(m: OutMessage): number {
  let n = m.key.length + (m.value === null ? 0 : m.value.length) + HEADER_OVERHEAD;
  for (const k in m.headers) n += Buffer.byteLength(k) + Buffer.byteLength(m.headers[k] as string);
  return n;
}

/**
 * Splits messages into consecutive batches of at most `maxBytes` each (a message larger than
 * that alone fills a batch). The broker limits a whole record batch, not just one record, so a
 * 1 MB scan page cannot go in one request.
 */
export function batchesOf<T extends OutMessage>(messages: T[], maxBytes: number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const m of messages) {
    const size = sizeOf(m);
    if (current.length > 0 && bytes + size > maxBytes) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(m);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Turns changes into messages and sends them, resolving once Kafka acknowledged all of them
 * (acks=all). Batches go one after another, so per-key order holds. A message over the size
 * limit fails the call loudly before anything is sent: it is never dropped.
 */
export class RecordSender {
  constructor(
    private readonly producer: Pick<RecordProducer, 'send'>,
    private readonly topic: string,
    private readonly context: () => RecordContext,
    private readonly maxMessageBytes: number,
    private readonly now: () => number,
  ) {}

  /** What Kafka acknowledged: records by op (the dynamodb.op header) and their bytes. */
  async send(changes: Change[]): Promise<Written> {
    const written: Written = { byOp: {}, bytes: 0 };
    if (changes.length === 0) return written;
    const messages = toMessages(changes, this.context(), this.now());
    // One pass over the records: the size check, and the tally returned once Kafka has them all.
    for (const m of messages) {
      const size = sizeOf(m);
      if (size > this.maxMessageBytes) {
        throw new RecordError(
          `record for key ${m.key.toString('utf8', 0, 200)} is ${size} bytes, over kafka.maxMessageBytes (${this.maxMessageBytes})`,
        );
      }
      const op = m.headers['dynamodb.op'] as string;
      written.byOp[op] = (written.byOp[op] ?? 0) + 1;
      written.bytes += m.key.length + (m.value?.length ?? 0);
    }
    for (const batch of batchesOf(messages, this.maxMessageBytes)) {
      await this.producer.send(this.topic, batch);
    }
    return written;
  }
}

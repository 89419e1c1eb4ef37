import type { Producer } from 'kafkajs';
import { RecordError } from '../errors.js';
import type { Change } from '../records/change.js';
import { type OutMessage, type RecordContext, toMessages } from '../records/to-messages.js';

const HEADER_OVERHEAD = 100;

function sizeOf(m: OutMessage): number {
  let n =
    Buffer.byteLength(m.key) +
    (m.value === null ? 0 : Buffer.byteLength(m.value)) +
    HEADER_OVERHEAD;
  for (const [k, v] of Object.entries(m.headers)) n += Buffer.byteLength(k) + Buffer.byteLength(v);
  return n;
}

/**
 * Turns changes into messages and sends them as one batch, resolving once Kafka acknowledged
 * all of them (acks=all). A message over the size limit fails the batch loudly before anything
 * is sent: it is never dropped.
 */
export class RecordSender {
  constructor(
    private readonly producer: Producer,
    private readonly topic: string,
    private readonly context: () => RecordContext,
    private readonly maxMessageBytes: number,
    private readonly now: () => number,
  ) {}

  async send(changes: Change[]): Promise<number> {
    if (changes.length === 0) return 0;
    const ctx = this.context();
    const now = this.now();
    const messages = changes.flatMap((c) => toMessages(c, ctx, now));
    for (const m of messages) {
      const size = sizeOf(m);
      if (size > this.maxMessageBytes) {
        throw new RecordError(
          `record for key ${m.key.slice(0, 200)} is ${size} bytes, over kafka.maxMessageBytes (${this.maxMessageBytes})`,
        );
      }
    }
    await this.producer.send({ topic: this.topic, acks: -1, messages });
    return messages.length;
  }
}

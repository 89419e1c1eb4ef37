import { RecordError } from '../errors.js';
import type { ByteWriter } from '../records/byte-writer.js';
import type { MemberListener, WireReader } from './wire-json.js';

/** Where something was written: [start, end) in the page's writer. */
export type Span = [number, number];

/**
 * Writes the key attributes of an item or Keys map as `{"hash":…,"range":…}` in key-schema
 * order, whatever the order on the wire: the same item always gets the same key bytes.
 */
export class KeyWriter {
  private readonly names: Buffer[];
  private readonly jsonNames: Buffer[];
  private readonly starts: number[];
  private readonly ends: number[];
  readonly listener: MemberListener;

  constructor(
    private readonly keyNames: readonly string[],
    reader: () => WireReader,
  ) {
    this.names = keyNames.map((n) => Buffer.from(n, 'utf8'));
    this.jsonNames = keyNames.map((n) => Buffer.from(JSON.stringify(n), 'utf8'));
    this.starts = keyNames.map(() => -1);
    this.ends = keyNames.map(() => -1);
    this.listener = (nameStart, nameEnd, escaped, start, end) => {
      const { src } = reader();
      for (let i = 0; i < this.names.length; i++) {
        const want = this.names[i] as Buffer;
        const match = escaped
          ? JSON.parse(src.toString('utf8', nameStart - 1, nameEnd + 1)) === keyNames[i]
          : want.length === nameEnd - nameStart && want.compare(src, nameStart, nameEnd) === 0;
        if (match) {
          this.starts[i] = start;
          this.ends[i] = end;
        }
      }
    };
  }

  /** Writes the key collected since the last call; returns where it is in `out`. */
  write(out: ByteWriter): Span {
    const start = out.length;
    out.byte(0x7b);
    for (let i = 0; i < this.names.length; i++) {
      const from = this.starts[i] as number;
      if (from < 0) throw new RecordError(`item lacks key attribute '${this.keyNames[i]}'`);
      if (i > 0) out.byte(0x2c);
      out.bytes(this.jsonNames[i] as Buffer);
      out.byte(0x3a);
      out.bytes(out.buf, from, this.ends[i]);
      this.starts[i] = -1;
    }
    out.byte(0x7d);
    return [start, out.length];
  }
}

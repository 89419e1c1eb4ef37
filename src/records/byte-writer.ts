/**
 * An append-only byte buffer that grows by doubling. Records are written into one of these per
 * page and handed to Kafka as views into it, so a record's bytes are produced once and never
 * turned back into a JS string.
 */
export class ByteWriter {
  buf: Buffer;
  length = 0;

  // Never from Node's shared pool: a page's buffer is transferred between threads whole.
  constructor(capacity = 64 * 1024) {
    this.buf = Buffer.allocUnsafeSlow(capacity);
  }

  private grow(extra: number): void {
    let capacity = this.buf.length * 2;
    while (capacity < this.length + extra) capacity *= 2;
    const next = Buffer.allocUnsafeSlow(capacity);
    this.buf.copy(next, 0, 0, this.length);
    this.buf = next;
  }

  byte(b: number): void {
    if (this.length === this.buf.length) this.grow(1);
    this.buf[this.length++] = b;
  }

  /** Copies `src[start, end)`. */
  bytes(src: Uint8Array, start = 0, end = src.length): void {
    const n = end - start;
    if (this.length + n > this.buf.length) this.grow(n);
    const { buf } = this;
    // Most copies are a short string or number: a loop beats a call into C++ for those.
    if (n < 32) for (let i = 0; i < n; i++) buf[this.length + i] = src[start + i] as number;
    else buf.set(src.subarray(start, end), this.length);
    this.length += n;
  }

  /** Text that is ASCII (digits, names made of letters, JSON punctuation). */
  ascii(text: string): void {
    const n = text.length;
    if (this.length + n > this.buf.length) this.grow(n);
    for (let i = 0; i < n; i++) this.buf[this.length + i] = text.charCodeAt(i);
    this.length += n;
  }

  /** Any text, as UTF-8. */
  utf8(text: string): void {
    const max = text.length * 3;
    if (this.length + max > this.buf.length) this.grow(max);
    this.length += this.buf.write(text, this.length, 'utf8');
  }

  /** A view of `[start, end)` (it keeps its bytes even if the writer grows later). */
  view(start: number, end: number): Buffer {
    return this.buf.subarray(start, end);
  }
}

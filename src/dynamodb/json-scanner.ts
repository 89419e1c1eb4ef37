import { RecordError } from '../errors.js';

// JSON punctuation as bytes. Every byte of a multi-byte UTF-8 character is ≥ 0x80, so scanning
// bytes for these never stops inside a character.
export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
export const OPEN_OBJECT = 0x7b;
export const CLOSE_OBJECT = 0x7d;
export const OPEN_ARRAY = 0x5b;
export const CLOSE_ARRAY = 0x5d;
export const COMMA = 0x2c;
export const COLON = 0x3a;

/** Where the last string token was: contents [start, end), and whether it held escapes. */
export interface Span {
  start: number;
  end: number;
  escaped: boolean;
}

/**
 * A JSON tokenizer over bytes, for answers too large to parse into objects: it moves through
 * the text and says where tokens are, without building values. Hot paths avoid allocations:
 * the last string token's span lives in `span`.
 */
export class JsonScanner {
  pos = 0;
  readonly span: Span = { start: 0, end: 0, escaped: false };
  /** Position of the next backslash at or after where it was last searched from. */
  private nextBackslash = -1;

  constructor(readonly src: Buffer) {}

  fail(what: string): never {
    throw new RecordError(`malformed DynamoDB response at byte ${this.pos}: ${what}`);
  }

  /** The next byte that is not whitespace (the position moves to it). */
  peek(): number {
    const { src } = this;
    let c = src[this.pos] as number;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = src[++this.pos] as number;
    return c;
  }

  expect(byte: number): void {
    if (this.peek() !== byte) this.fail(`expected '${String.fromCharCode(byte)}'`);
    this.pos++;
  }

  /** After a member or element: true when another follows, false at the closing bracket. */
  more(close: number): boolean {
    const c = this.peek();
    this.pos++;
    if (c === COMMA) return true;
    if (c === close) return false;
    this.pos--;
    return this.fail(`expected ',' or '${String.fromCharCode(close)}'`);
  }

  /** Opens an object or array: true when it has a first member or element. */
  open(open: number, close: number): boolean {
    this.expect(open);
    if (this.peek() === close) {
      this.pos++;
      return false;
    }
    return true;
  }

  /** Reads a string token into `span`. */
  stringToken(): void {
    this.expect(QUOTE);
    const { src } = this;
    const start = this.pos;
    // Short strings (names, types, numbers) by a loop; long ones by the native byte search,
    // with the next backslash remembered so the buffer is searched for it only once.
    const short = Math.min(start + 24, src.length);
    let i = start;
    for (; i < short; i++) {
      const c = src[i];
      if (c === QUOTE) {
        this.endString(start, i, false);
        return;
      }
      if (c === BACKSLASH) {
        this.escapedString(start, i);
        return;
      }
    }
    const quote = src.indexOf(QUOTE, i);
    if (quote < 0) this.fail('unterminated string');
    if (this.nextBackslash < i) {
      const b = src.indexOf(BACKSLASH, i);
      this.nextBackslash = b < 0 ? Number.POSITIVE_INFINITY : b;
    }
    if (this.nextBackslash > quote) this.endString(start, quote, false);
    else this.escapedString(start, this.nextBackslash);
  }

  private endString(start: number, end: number, escaped: boolean): void {
    this.pos = end + 1;
    this.span.start = start;
    this.span.end = end;
    this.span.escaped = escaped;
  }

  /** The rest of a string token from its first backslash at `from`. */
  private escapedString(start: number, from: number): void {
    const { src } = this;
    for (let i = from; i < src.length; i++) {
      const c = src[i];
      if (c === QUOTE) {
        this.endString(start, i, true);
        return;
      }
      if (c === BACKSLASH) i++;
    }
    this.fail('unterminated string');
  }

  private spanText(): string {
    const { start, end, escaped } = this.span;
    return escaped
      ? (JSON.parse(this.src.toString('utf8', start - 1, end + 1)) as string)
      : this.src.toString('utf8', start, end);
  }

  /** A string token as a JS string. */
  string(): string {
    this.stringToken();
    return this.spanText();
  }

  /** An object member's name. */
  name(): string {
    const name = this.string();
    this.expect(COLON);
    return name;
  }

  /** Skips any value; returns where it started (it ends at `pos`). */
  skipValue(): number {
    const c = this.peek();
    const start = this.pos;
    if (c === QUOTE) this.stringToken();
    else if (c === OPEN_OBJECT) {
      if (this.open(OPEN_OBJECT, CLOSE_OBJECT)) {
        do {
          this.stringToken();
          this.expect(COLON);
          this.skipValue();
        } while (this.more(CLOSE_OBJECT));
      }
    } else if (c === OPEN_ARRAY) {
      if (this.open(OPEN_ARRAY, CLOSE_ARRAY)) {
        do this.skipValue();
        while (this.more(CLOSE_ARRAY));
      }
    } else {
      // A number or literal: up to the next delimiter.
      const { src } = this;
      let i = this.pos;
      for (; i < src.length; i++) {
        const b = src[i] as number;
        if (b === COMMA || b === CLOSE_OBJECT || b === CLOSE_ARRAY || b <= 0x20) break;
      }
      if (i === this.pos) this.fail('expected a value');
      this.pos = i;
    }
    return start;
  }

  /** A number or literal token as text (e.g. ApproximateCreationDateTime). */
  scalar(): string {
    const start = this.skipValue();
    return this.src.toString('latin1', start, this.pos);
  }
}

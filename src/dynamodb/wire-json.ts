import { AttributeError } from '../errors.js';
import type { ByteWriter } from '../records/byte-writer.js';
import {
  CLOSE_ARRAY,
  CLOSE_OBJECT,
  COLON,
  COMMA,
  JsonScanner,
  OPEN_ARRAY,
  OPEN_OBJECT,
} from './json-scanner.js';

/**
 * A reader over DynamoDB's JSON wire format (a Scan or GetRecords answer) that turns attribute
 * values into the connector's JSON text (DESIGN §4) byte for byte, without building JS objects:
 * parsing a page into objects and writing them out again was most of the connector's own CPU.
 * The output is exactly what attribute-json.ts writes for the same item (its tests check it).
 */
export class WireReader extends JsonScanner {
  /** Writes a string token as JSON.stringify would write its value; its span stays in `span`. */
  copyString(out: ByteWriter): void {
    this.stringToken();
    const { start, end, escaped } = this.span;
    if (!escaped) {
      // No escapes: nothing JSON.stringify would escape either (raw control characters and
      // lone surrogates cannot appear unescaped in valid JSON), so the bytes are the same.
      out.bytes(this.src, start - 1, end + 1);
    } else {
      out.utf8(JSON.stringify(JSON.parse(this.src.toString('utf8', start - 1, end + 1))));
    }
  }

  /** Writes an N's text as a JSON number, refusing anything that is not one (never rewritten). */
  private copyNumber(out: ByteWriter): void {
    this.stringToken();
    const { src } = this;
    const { start, end } = this.span;
    if (this.span.escaped || !isJsonNumber(src, start, end)) {
      const text = src.toString('utf8', start, end);
      throw new AttributeError(`number '${text}' cannot be written as a JSON number`);
    }
    out.bytes(src, start, end);
  }

  /** Writes `[e,…]` of a list-like value, each element by `element`. */
  private copyArray(out: ByteWriter, element: (out: ByteWriter) => void): void {
    out.byte(OPEN_ARRAY);
    if (this.open(OPEN_ARRAY, CLOSE_ARRAY)) {
      element.call(this, out);
      while (this.more(CLOSE_ARRAY)) {
        out.byte(COMMA);
        element.call(this, out);
      }
    }
    out.byte(CLOSE_ARRAY);
  }

  /** An AttributeValue `{"T": value}` as the type mapping's JSON. */
  copyAttributeValue(out: ByteWriter): void {
    this.expect(OPEN_OBJECT);
    this.stringToken();
    const { src } = this;
    const { start, end } = this.span;
    const first = src[start];
    const second = end - start > 1 ? src[start + 1] : 0;
    this.expect(COLON);
    // The type is one of S N B BOOL NULL M L SS NS BS: told apart by its first two bytes.
    if (end - start === 1) {
      if (first === 0x53 /* S */ || first === 0x42 /* B: base64 is what the mapping writes */)
        this.copyString(out);
      else if (first === 0x4e /* N */) this.copyNumber(out);
      else if (first === 0x4d /* M */) this.copyMap(out);
      else if (first === 0x4c /* L */) this.copyArray(out, this.copyAttributeValue);
      else this.unsupported();
    } else if (second === 0x53 /* ?S */ && end - start === 2) {
      if (first === 0x53 || first === 0x42) this.copyArray(out, this.copyString);
      else if (first === 0x4e) this.copyArray(out, this.copyNumber);
      else this.unsupported();
    } else if (first === 0x42 /* BOOL */ && end - start === 4 && second === 0x4f) {
      const value = this.scalar();
      if (value !== 'true' && value !== 'false') this.fail(`BOOL ${value}`);
      out.ascii(value);
    } else if (first === 0x4e /* NULL */ && end - start === 4 && second === 0x55) {
      this.skipValue();
      out.ascii('null');
    } else this.unsupported();
    if (this.peek() !== CLOSE_OBJECT) this.fail('more than one type in an attribute value');
    this.pos++;
  }

  private unsupported(): never {
    const { start, end } = this.span;
    throw new AttributeError(
      `unsupported attribute value type ${this.src.toString('utf8', start, end)}`,
    );
  }

  /**
   * A map of attributes (an item, an image, M) as a JSON object in wire order. `onMember`
   * learns each top-level member's name token and where its value was written (for the key).
   */
  copyMap(out: ByteWriter, onMember?: MemberListener): void {
    out.byte(OPEN_OBJECT);
    if (this.open(OPEN_OBJECT, CLOSE_OBJECT)) {
      let first = true;
      do {
        if (!first) out.byte(COMMA);
        first = false;
        this.copyString(out);
        const nameStart = this.span.start;
        const nameEnd = this.span.end;
        const nameEscaped = this.span.escaped;
        this.expect(COLON);
        out.byte(COLON);
        const valueStart = out.length;
        try {
          this.copyAttributeValue(out);
        } catch (err) {
          if (!(err instanceof AttributeError)) throw err;
          // Each map adds its member's name on the way out: the path from the item down.
          const token = this.src.toString('utf8', nameStart - 1, nameEnd + 1);
          throw err.within(JSON.parse(token) as string);
        }
        onMember?.(nameStart, nameEnd, nameEscaped, valueStart, out.length);
      } while (this.more(CLOSE_OBJECT));
    }
    out.byte(CLOSE_OBJECT);
  }
}

/** A top-level member of a map: its name token's contents and where its value was written. */
export type MemberListener = (
  nameStart: number,
  nameEnd: number,
  nameEscaped: boolean,
  valueStart: number,
  valueEnd: number,
) => void;

const isDigit = (c: number | undefined) => c !== undefined && c >= 0x30 && c <= 0x39;

/**
 * JSON's number grammar on bytes: -? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)? — the test
 * exact-json's isJsonNumberText makes, without a string and a regular expression per number.
 */
export function isJsonNumber(src: Uint8Array, start: number, end: number): boolean {
  let i = start;
  if (src[i] === 0x2d) i++;
  if (src[i] === 0x30) i++;
  else if (isDigit(src[i])) while (i < end && isDigit(src[i])) i++;
  else return false;
  if (i < end && src[i] === 0x2e) {
    i++;
    if (i >= end || !isDigit(src[i])) return false;
    while (i < end && isDigit(src[i])) i++;
  }
  if (i < end && (src[i] === 0x65 || src[i] === 0x45)) {
    i++;
    if (src[i] === 0x2b || src[i] === 0x2d) i++;
    if (i >= end || !isDigit(src[i])) return false;
    while (i < end && isDigit(src[i])) i++;
  }
  return i === end;
}

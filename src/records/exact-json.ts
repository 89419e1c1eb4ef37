/** JSON text written as it is by `stringify`: a value encoded already (an item, see attribute-json). */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * JSON whose numbers keep their exact text. DynamoDB numbers have up to 38 significant digits;
 * a JS double keeps about 16, so numbers are carried as their text from DynamoDB to Kafka and
 * back (verify), never through `number`.
 */
export class JsonNumber extends RawJson {}

/** `number` is for values the connector makes (times, counts), which a double holds exactly. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | RawJson
  | JsonValue[]
  | { [key: string]: JsonValue };

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

export function isJsonNumberText(text: string): boolean {
  return NUMBER.test(text);
}

export function stringify(value: JsonValue, sortKeys = false): string {
  if (value === null) return 'null';
  if (value instanceof RawJson) return value.text;
  switch (typeof value) {
    case 'string':
    case 'number':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
  }
  if (Array.isArray(value)) return `[${value.map((v) => stringify(v, sortKeys)).join(',')}]`;
  const keys = Object.keys(value);
  if (sortKeys) keys.sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stringify(value[k] as JsonValue, sortKeys)}`).join(',')}}`;
}

/**
 * Sets an object member as an own property whatever its name: an attribute may be called
 * `__proto__`, and `obj['__proto__'] = v` would set the object's prototype instead.
 */
export function setMember(obj: { [key: string]: JsonValue }, key: string, value: JsonValue): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  } else obj[key] = value;
}

/** Parses JSON text keeping every number as a JsonNumber. */
export function parse(text: string): JsonValue {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`invalid JSON at ${i}: ${what}`);
  };
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const value = (): JsonValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: { [key: string]: JsonValue } = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected a key');
        const key = str();
        ws();
        if (text[i++] !== ':') fail("expected ':'");
        setMember(obj, key, value());
        ws();
        const sep = text[i++];
        if (sep === '}') return obj;
        if (sep !== ',') fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        const sep = text[i++];
        if (sep === ']') return arr;
        if (sep !== ',') fail("expected ',' or ']'");
      }
    }
    if (c === '"') return str();
    for (const [word, v] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) return fail('unexpected character');
    i += m[0].length;
    return new JsonNumber(m[0]);
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) fail('unterminated string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const result = value();
  ws();
  if (i !== text.length) fail('trailing characters');
  return result;
}

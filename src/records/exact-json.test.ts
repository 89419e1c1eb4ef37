import { describe, expect, it } from 'vitest';
import { isJsonNumberText, JsonNumber, parse, stringify } from './exact-json.js';

describe('exact JSON', () => {
  it.each([
    '12345678901234567890123456789012345678',
    '-123.456',
    '1E-130',
    '9.9999999999999999999999999999999999999E+125',
    '0',
  ])('keeps %s byte-identical through stringify and parse', (text) => {
    const json = stringify({ n: new JsonNumber(text), list: [new JsonNumber(text)] });
    expect(json).toBe(`{"n":${text},"list":[${text}]}`);
    expect(stringify(parse(json))).toBe(json);
  });

  it.each([
    {
      text: '{"b":1,"a":[true,false,null,"x\\"y"]}',
      sorted: '{"a":[true,false,null,"x\\"y"],"b":1}',
    },
    { text: ' { "z" : { "y" : 2 , "x" : 1 } } ', sorted: '{"z":{"x":1,"y":2}}' },
    { text: '[]', sorted: '[]' },
    { text: '"\\u00e9"', sorted: '"é"' },
  ])('parses $text', ({ text, sorted }) => {
    expect(stringify(parse(text), true)).toBe(sorted);
  });

  it('keeps members whose names an object has already: __proto__, constructor, toString', () => {
    const text = '{"__proto__":{"x":1},"constructor":"c","toString":2,"a\\"b\\n\\u0001é":[]}';
    const parsed = parse(text) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['__proto__', 'constructor', 'toString', 'a"b\n\u0001é']);
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(stringify(parsed as never)).toBe(text);
    expect(stringify(parsed as never, true)).toBe(
      '{"__proto__":{"x":1},"a\\"b\\n\\u0001é":[],"constructor":"c","toString":2}',
    );
  });

  it.each(['{', '[1,]', '{"a" 1}', '01', 'tru', '"abc', '1 2'])('rejects %s', (text) => {
    expect(() => parse(text)).toThrow(SyntaxError);
  });

  it.each([
    ['1', true],
    ['-0.5', true],
    ['1e5', true],
    ['.5', false],
    ['+1', false],
    ['01', false],
    ['NaN', false],
    ['1.', false],
  ])('number text %s valid = %s', (text, valid) => {
    expect(isJsonNumberText(text)).toBe(valid);
  });
});

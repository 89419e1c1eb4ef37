import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';

describe('canonicalJson', () => {
  it.each([
    { name: 'flat object', a: { b: 1, a: 2 }, b: { a: 2, b: 1 }, equal: true },
    {
      name: 'nested object',
      a: { x: { d: 1, c: [1, { z: 1, y: 2 }] } },
      b: { x: { c: [1, { y: 2, z: 1 }], d: 1 } },
      equal: true,
    },
    { name: 'array order matters', a: [1, 2], b: [2, 1], equal: false },
    { name: 'null vs absent', a: { a: null }, b: {}, equal: false },
    { name: 'scalars', a: 'x', b: 'x', equal: true },
  ])('$name', ({ a, b, equal }) => {
    expect(canonicalJson(a) === canonicalJson(b)).toBe(equal);
  });
});

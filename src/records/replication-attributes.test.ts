import { describe, expect, it } from 'vitest';
import { withoutReplicationAttributes } from './replication-attributes.js';

const strip = (text: string) => withoutReplicationAttributes(Buffer.from(text)).toString();

describe('withoutReplicationAttributes', () => {
  it.each([
    { name: 'no replication attributes', image: '{"pk":"a","n":1}', out: '{"pk":"a","n":1}' },
    {
      name: 'the three of version 2017.11.29, numbers kept exact',
      image:
        '{"pk":"a","aws:rep:updateregion":"eu-west-1","n":12345678901234567890123456789012345678,"aws:rep:updatetime":1732280000.123456,"aws:rep:deleting":false}',
      out: '{"pk":"a","n":12345678901234567890123456789012345678}',
    },
    {
      name: 'the prefix only as a value or nested stays',
      image: '{"pk":"aws:rep:x","m":{"aws:rep:updateregion":"x"}}',
      out: '{"pk":"aws:rep:x","m":{"aws:rep:updateregion":"x"}}',
    },
    { name: 'a look-alike name stays', image: '{"aws:repx":1}', out: '{"aws:repx":1}' },
  ])('$name', ({ image, out }) => {
    expect(strip(image)).toBe(out);
  });

  it('returns the same buffer when nothing is removed', () => {
    const image = Buffer.from('{"pk":"aws:rep:x"}');
    expect(withoutReplicationAttributes(image)).toBe(image);
  });
});

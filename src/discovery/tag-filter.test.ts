import { describe, expect, it } from 'vitest';
import { tableNameOf, tagVerdict } from './tag-filter.js';

const rules = { ingestionTagKey: 'datalake-ingest', envTagKey: 'environment', envTagValue: 'dev' };

describe('tagVerdict', () => {
  it.each<{ name: string; tags: Record<string, string>; verdict: unknown }>([
    {
      name: 'both tags right',
      tags: { 'datalake-ingest': 'true', environment: 'dev' },
      verdict: { wanted: true },
    },
    {
      name: 'ingestion tag with any value',
      tags: { 'datalake-ingest': '', environment: 'dev' },
      verdict: { wanted: true },
    },
    {
      name: 'wrong environment',
      tags: { 'datalake-ingest': 'true', environment: 'prod' },
      verdict: { wanted: false, reason: "'environment' tag is 'prod', not 'dev'" },
    },
    {
      name: 'no ingestion tag',
      tags: { environment: 'dev' },
      verdict: { wanted: false, reason: "no 'datalake-ingest' tag" },
    },
    {
      name: 'no environment tag',
      tags: { 'datalake-ingest': 'yes' },
      verdict: { wanted: false, reason: "no 'environment' tag (needs 'dev')" },
    },
    {
      name: 'tag keys are case-sensitive',
      tags: { 'Datalake-Ingest': 'true', environment: 'dev' },
      verdict: { wanted: false, reason: "no 'datalake-ingest' tag" },
    },
  ])('$name', ({ tags, verdict }) => {
    expect(tagVerdict(tags, rules)).toEqual(verdict);
  });
});

describe('tableNameOf', () => {
  it.each([
    ['arn:aws:dynamodb:us-east-1:123456789012:table/orders', 'orders'],
    ['arn:aws:dynamodb:eu-west-1:1:table/my.table-1_x', 'my.table-1_x'],
    ['arn:aws:dynamodb:us-east-1:1:table/orders/stream/2026', undefined],
    ['arn:aws:s3:::bucket', undefined],
  ])('%s → %s', (arn, name) => {
    expect(tableNameOf(arn)).toBe(name);
  });
});

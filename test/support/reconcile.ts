import { expect } from 'vitest';
import { byKey, type DecodedRecord } from './items.js';

/**
 * Each vanished key's records end with exactly one reconciliation `d` (before = its last live
 * image) and then its tombstone; no other key got one.
 */
export function expectReconciled(records: DecodedRecord[], vanished: string[]): void {
  const groups = byKey(records);
  for (const pk of vanished) {
    const key = JSON.stringify({ pk });
    const own = groups.get(key) ?? [];
    const deletes = own.filter((r) => r.envelope?.op === 'd');
    expect(deletes, `${key}: one d`).toHaveLength(1);
    expect(deletes[0]?.envelope?.source.phase).toBe('RECONCILE');
    expect(deletes[0]?.envelope?.before?.pk).toBe(pk);
    const last = own.slice(-2);
    expect(last[0]?.envelope?.op, `${key}: the d comes last but the tombstone`).toBe('d');
    expect(last[1]?.value, `${key}: a tombstone after the d`).toBeNull();
  }
  const others = records.filter(
    (r) =>
      r.envelope?.source.phase === 'RECONCILE' && !vanished.includes(r.envelope.key.pk as string),
  );
  expect(others.map((r) => r.key)).toEqual([]);
}

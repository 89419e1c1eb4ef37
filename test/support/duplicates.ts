import type { DecodedRecord } from './items.js';

/**
 * Records that are not the one copy of their change: a key's second snapshot read, or a stream
 * record whose sequence number the key already had.
 */
export function duplicatesOf(records: DecodedRecord[]): string[] {
  const seen = new Set<string>();
  const dups: string[] = [];
  for (const r of records) {
    if (!r.envelope) continue;
    const { phase, sequence_number } = r.envelope.source;
    const id = `${r.key} ${phase === 'INIT_SYNC' ? 'snapshot' : sequence_number}`;
    if (seen.has(id)) dups.push(`${id} at ${r.partition}:${r.offset}`);
    seen.add(id);
  }
  return dups;
}

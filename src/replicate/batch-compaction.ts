import type { WritePlan } from './write-plan.js';

/**
 * Keeps only the last write per key of one fetched batch (in topic order, which is per-key
 * order: a key lives in one partition). The earlier ones would be overwritten anyway, and with
 * one write per key the writes can run in parallel without reordering a key's changes.
 */
export function compactBatch(plans: readonly WritePlan[]): WritePlan[] {
  const last = new Map<string, WritePlan>();
  for (const plan of plans) {
    const current = last.get(plan.key);
    if (current === undefined || current.offset < plan.offset) {
      // Delete and re-insert: the kept writes stay in the order of their last records.
      last.delete(plan.key);
      last.set(plan.key, plan);
    }
  }
  return [...last.values()];
}

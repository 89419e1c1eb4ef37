import { setTimeout as sleep } from 'node:timers/promises';
import type { DecodedRecord } from './items.js';
import { byKey, smallItem } from './items.js';
import { deleteItem, putItem, updateItem } from './tables.js';

/**
 * Random puts (25 %), updates (60 %) and deletes (15 %) of the first `keys` keys until stopped
 * or `maxWrites`, each with a version `v` above every earlier one (the first is `firstVersion`):
 * a key's versions in the topic must then never decrease (`wentBack`).
 */
export function startVersionedWriter(
  table: string,
  random: () => number,
  opts: { keys: number; firstVersion: number; maxWrites: number },
) {
  let version = opts.firstVersion;
  let writes = 0;
  let stopped = false;
  const done = (async () => {
    while (!stopped && writes < opts.maxWrites) {
      const pk = smallItem(Math.floor(random() * opts.keys)).pk as { S: string };
      const dice = random();
      version++;
      if (dice < 0.6) await updateItem(table, { pk }, { v: { N: String(version) } });
      else if (dice < 0.85) await putItem(table, { pk, v: { N: String(version) } });
      else await deleteItem(table, { pk });
      writes++;
      await sleep(5);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      return writes;
    },
  };
}

/** Keys whose version goes down from one record to the next, `r` records included. */
export function wentBack(records: DecodedRecord[]): string[] {
  const back: string[] = [];
  for (const [key, group] of byKey(records)) {
    let last = Number.NEGATIVE_INFINITY;
    for (const r of group) {
      const v = r.envelope?.after?.v;
      if (typeof v !== 'number') continue;
      if (v < last) back.push(`${key}: ${last} then ${v} (${r.envelope?.op})`);
      last = v;
    }
  }
  return back;
}

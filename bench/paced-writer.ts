import { setTimeout as sleep } from 'node:timers/promises';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Item } from './items.js';
import { writeBatch } from './table.js';

export interface PacedResult {
  writes: number;
  /** From the first call to the last acknowledgement. */
  ms: number;
  /** Duration of every BatchWriteItem call, ms. */
  callMs: number[];
}

/** 1,000/s = one BatchWriteItem of 10 items every 10 ms. */
const TICK_MS = 10;
/** Beyond this many calls waiting on DynamoDB the writer waits too, rather than pile up. */
const MAX_IN_FLIGHT = 64;

/**
 * Writes at a fixed rate for a fixed time, open loop: each tick's batch is sent on schedule
 * whether or not earlier ones were answered (up to MAX_IN_FLIGHT), so a slow server shows as
 * slow acknowledgements and a lower achieved rate, not as a politely slower writer.
 * `onAcked` gets each batch with the time (performance.now()) DynamoDB acknowledged it;
 * `until` ends the writing early.
 */
export async function pacedWrites(
  client: DynamoDBClient,
  table: string,
  perSec: number,
  durationMs: number,
  make: (seq: number) => Item,
  onAcked: (items: Item[], at: number) => void,
  until?: AbortSignal,
): Promise<PacedResult> {
  const perTick = Math.max(1, Math.round((perSec * TICK_MS) / 1000));
  const tickMs = (perTick * 1000) / perSec;
  const callMs: number[] = [];
  const calls: Promise<void>[] = [];
  let inFlight = 0;
  let seq = 0;
  const start = performance.now();
  for (let tick = 0; tick * tickMs < durationMs && !until?.aborted; tick++) {
    const wait = start + tick * tickMs - performance.now();
    if (wait > 0) await sleep(wait);
    while (inFlight >= MAX_IN_FLIGHT) await sleep(1);
    const items = Array.from({ length: perTick }, () => make(seq++));
    const sent = performance.now();
    inFlight += 1;
    calls.push(
      writeBatch(client, table, items).then(() => {
        const at = performance.now();
        inFlight -= 1;
        callMs.push(at - sent);
        onAcked(items, at);
      }),
    );
  }
  await Promise.all(calls);
  return { writes: seq, ms: performance.now() - start, callMs };
}

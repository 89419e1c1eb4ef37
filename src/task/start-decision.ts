import type { ResyncReason } from '../errors.js';
import type { TableOffset } from '../kafka/offsets-format.js';

export type StartDecision =
  | { action: 'new_init_sync'; generation: number }
  | { action: 'resume_init_sync'; generation: number }
  | { action: 'sync'; generation: number }
  | { action: 'resync'; generation: number; reason: ResyncReason; detail: string };

/**
 * Where a task starts, from its stored table offset and the table's current stream. A stream
 * that was disabled and enabled again is a new stream: the old positions mean nothing in it.
 */
export function decideStart(
  stored: TableOffset | undefined,
  currentStreamArn: string,
): StartDecision {
  if (!stored) return { action: 'new_init_sync', generation: 1 };
  if (stored.stream_arn !== currentStreamArn) {
    return {
      action: 'resync',
      generation: stored.generation + 1,
      reason: 'stream_changed',
      detail: `stream was ${stored.stream_arn}, is now ${currentStreamArn}`,
    };
  }
  if (stored.phase === 'INIT_SYNC')
    return { action: 'resume_init_sync', generation: stored.generation };
  return { action: 'sync', generation: stored.generation };
}

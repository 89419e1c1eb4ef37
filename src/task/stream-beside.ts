import { resyncAfter, type Step } from './next-step.js';
import type { PhaseContext } from './phase-context.js';
import type { SnapshotGate } from './snapshot-gate.js';
import { runStreamSync } from './stream-sync.js';
import { syncPlan } from './sync-plan.js';

/**
 * The stream read beside the scan (docs/design/online-snapshot.md): first to its head, writing
 * nothing (the cut; stored as caught up), then every change while the scan runs. `cut`
 * resolves true once the scan may start (δ after the cut), false if the stream stopped first.
 */
export function streamBeside(
  ctx: PhaseContext,
  generation: number,
  gate: SnapshotGate,
  streamStop: AbortController,
  scanStop: AbortController,
) {
  const signal = AbortSignal.any([ctx.signal, streamStop.signal]);
  const base = ctx.rt(generation);
  const rt = {
    ...base,
    signal,
    sleep: (ms: number, until?: AbortSignal) => base.sleep(ms, until ?? signal),
  };
  let cutDone: (ok: boolean) => void = () => {};
  const cut = new Promise<boolean>((resolve) => {
    cutDone = resolve;
  });
  let failure: unknown;
  const plan = syncPlan(ctx, ctx.current(), gate);
  const onCaughtUp = plan.onCaughtUp;
  const ended = runStreamSync(
    rt,
    {
      ...plan,
      onCaughtUp: async () => {
        await onCaughtUp();
        ctx.log.info('stream cut: the snapshot starts', { settleMs: gate.settleMs });
        // Not awaited: the shard reader that found the head goes on meanwhile.
        void rt.sleep(gate.settleMs).then(() => cutDone(!signal.aborted));
      },
    },
    ctx.deps.streams,
  )
    .catch((err) => {
      failure = err;
    })
    .finally(() => {
      cutDone(false);
      scanStop.abort();
    });
  if (ctx.current().sync_caught_up) {
    rt.sleep(gate.settleMs).then(() => cutDone(!signal.aborted));
  }
  return {
    cut,
    ended,
    /** The step a failed stream reader leads to (a resync), or null; other failures throw. */
    outcome(): Step | null {
      return failure === undefined ? null : resyncAfter(failure, generation);
    },
  };
}

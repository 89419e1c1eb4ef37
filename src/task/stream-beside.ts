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
  const signal = AbortSignal.any([ctx.live, streamStop.signal]);
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
  // The scan may start δ after the cut; not awaited, the stream reader goes on meanwhile.
  const cutAfterSettle = () => void rt.sleep(gate.settleMs).then(() => cutDone(!signal.aborted));
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
        cutAfterSettle();
      },
    },
    ctx.api().streams,
  )
    .catch((err) => {
      failure = err;
    })
    .finally(() => {
      cutDone(false);
      scanStop.abort();
    });
  // A resumed snapshot: its cut was stored before the restart.
  if (ctx.current().sync_caught_up) cutAfterSettle();
  return {
    cut,
    ended,
    /** The step a failed stream reader leads to (a resync), or null; other failures throw. */
    outcome(): Step | null {
      return failure === undefined ? null : resyncAfter(failure, generation);
    },
  };
}

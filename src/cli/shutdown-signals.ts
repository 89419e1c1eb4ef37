import type { Logger } from '../observability/logger.js';

/**
 * SIGINT/SIGTERM for a long-running command (`run`, `replicate`): the first aborts `stop` and
 * allows `timeoutMs` for the work in flight (`unfinished` names it in the log line of an exit
 * 1), a second exits at once with 130. Returns the function that removes the handlers.
 */
export function onShutdownSignals(
  stop: AbortController,
  opts: { logger: Logger; timeoutMs: number; unfinished: string },
): () => void {
  const { logger, timeoutMs } = opts;
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      logger.warn('second signal: exiting at once', { signal });
      process.exit(130);
    }
    logger.info('shutdown requested', { signal, timeoutMs });
    setTimeout(() => {
      logger.error(`shutdown timed out: exiting with ${opts.unfinished} unfinished`, { timeoutMs });
      process.exit(1);
    }, timeoutMs).unref();
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}

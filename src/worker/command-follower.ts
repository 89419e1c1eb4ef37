import { errorMessage } from '../errors.js';
import type { KafkaClient } from '../kafka/kafka-client.js';
import type { OffsetStore } from '../kafka/offset-store.js';
import type { Logger } from '../observability/logger.js';
import { retry, sleep } from '../retry.js';

const BACKOFF = { initialMs: 500, maxMs: 30_000 };

/** Operators' commands arrive on the offsets topic; a fault there is retried, never fatal. */
export async function followCommands(
  kafka: KafkaClient,
  offsets: OffsetStore,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  await retry(
    () => offsets.followCommands(kafka, signal),
    {
      ...BACKOFF,
      signal,
      onRetry: ({ delayMs, message }) =>
        logger.warn('reading commands failed, retrying', { delayMs, error: message }),
    },
    { sleep },
  ).catch((err) => {
    if (!signal.aborted) logger.error('reading commands stopped', { error: errorMessage(err) });
  });
}

import type { Logger } from '../observability/logger.js';
import { retry } from '../retry.js';
import type { AssumedRole } from './credentials.js';

const BACKOFF = { initialMs: 500, maxMs: 30_000 };

/**
 * Obtains each configured role's credentials once, before the worker starts anything. A role
 * STS refuses (AccessDenied, a role that is not there, a bad base key) is a mistake in the
 * setup that no retry mends: it ends the start with one line naming the role and STS's reason
 * (exit 1), as a wrong Kafka password does, rather than every task failing and restarting on
 * it. An STS that does not answer or throttles is a passing fault: retried with a warning each
 * time, without a limit, as DynamoDB is (DESIGN §9). Returns early when the worker is stopped.
 */
export async function assumeRolesAtStart(
  roles: readonly AssumedRole[],
  deps: {
    logger: Logger;
    signal: AbortSignal;
    sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  },
): Promise<void> {
  const { logger, signal, sleep } = deps;
  for (const { roleArn, credentials } of roles) {
    try {
      const identity = await retry(
        () => credentials(),
        {
          ...BACKOFF,
          signal,
          onRetry: ({ delayMs, message }) =>
            logger.warn('assume role failed, retrying', { roleArn, delayMs, error: message }),
        },
        { sleep },
      );
      logger.info('role assumed', { roleArn, expiresAt: identity.expiration?.toISOString() });
    } catch (err) {
      if (signal.aborted) return;
      throw err;
    }
  }
}

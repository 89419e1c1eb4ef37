import { join } from 'node:path';
import {
  type StackEndpoints,
  type StackSettings,
  stackSettings,
} from '../scripts/local-stack/settings.js';
import { stackDown, stackUp } from '../scripts/local-stack/stack.js';

/**
 * Where the bench runs. By default a stack of its own (own state dir, ports next to the
 * shared stack's), started fresh and stopped at the end: DynamoDB Local's writes to a table
 * with a stream slow down with every stream record the instance already holds from other
 * streams (the 24 h retention survives DeleteTable), so on a stack that tests have used, the
 * SYNC and latency figures would measure the stack's history, not the connector. The bench
 * never restarts or stops a stack it did not start.
 */
export type StackMode = 'own' | 'shared';

export function benchStackSettings(): StackSettings {
  const base = stackSettings();
  return {
    ...base,
    stateDir: join(base.cacheDir, 'bench-stack'),
    kafkaPort: base.kafkaPort + 100,
    kafkaControllerPort: base.kafkaControllerPort + 100,
    kafkaSaslSslPort: base.kafkaSaslSslPort + 100,
    kafkaSslPort: base.kafkaSslPort + 100,
    dynamodbPort: base.dynamodbPort + 100,
    motoPort: base.motoPort + 100,
  };
}

export interface BenchStack {
  endpoints: StackEndpoints;
  /** What the bench started, so it knows what to stop. */
  started: string[];
  stop(): Promise<void>;
}

export async function startStack(
  mode: StackMode,
  log: (line: string) => void,
): Promise<BenchStack> {
  if (mode === 'shared') {
    // The shared stack may hold other runs' data and serve other runs right now: used as found.
    const up = await stackUp('manual', { log });
    return { endpoints: up.endpoints, started: up.started, stop: async () => {} };
  }
  const settings = benchStackSettings();
  // The bench's own stack left running by an interrupted bench: restart it, for a fresh one.
  await stackDown({ settings });
  const up = await stackUp('manual', { settings, log }).catch((err: Error) => {
    // Kafka's random cluster id starts with '-' once in 64 starts and StorageTool then takes
    // it for an option (scripts/local-stack/kafka.ts); a second start draws a new id.
    log(`stack start failed, trying once more: ${err.message.split('\n')[0]}`);
    return stackUp('manual', { settings, log });
  });
  return {
    endpoints: up.endpoints,
    started: up.started,
    stop: async () => void (await stackDown({ settings })),
  };
}

/** What this run of the demo is called, where it writes, and how long it waits. */

/** Every wait of the demo is bounded by this, so a broken setup fails instead of hanging. */
export const WAIT_MS = 60_000;
/** stackUp may download jars on a first run: it gets longer. */
export const STACK_UP_MS = 10 * 60_000;
/** The connector finishes in-flight batches on SIGTERM (its shutdownTimeoutMs is 30 s). */
export const CONNECTOR_STOP_MS = 45_000;

export const REGION = 'us-east-1';
/** DynamoDB Local takes any credentials; the connector's config needs some. */
export const CREDENTIALS = { accessKeyId: 'demo', secretAccessKey: 'demo' };
export const TOPIC_PREFIX = 'dynamodb-';

export interface DemoNames {
  table: string;
  topic: string;
  connector: string;
  offsetsTopic: string;
}

/** Fresh names for each run (local time plus a random suffix), so runs never see each other. */
export function demoNames(now: Date, random: () => number): DemoNames {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-` +
    `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}-` +
    random().toString(36).slice(2, 5);
  const table = `demo-orders-${stamp}`;
  return {
    table,
    topic: `${TOPIC_PREFIX}${table}`,
    connector: `demo-connector-${stamp}`,
    offsetsTopic: `demo-offsets-${stamp}`,
  };
}

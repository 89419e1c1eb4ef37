import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { createDynamoDbLocal } from '../../scripts/local-stack/dynamodb-local.js';
import { isAlive, stopProcess, waitFor } from '../../scripts/local-stack/processes.js';
import { stackSettings } from '../../scripts/local-stack/settings.js';

const aws = { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };

/** A stand-in for a global table's region: a DynamoDB Local of its own, and clients for it. */
export interface Region {
  name: string;
  endpoint: string;
  dynamodb: DynamoDBClient;
  streams: DynamoDBStreamsClient;
}

export function regionAt(name: string, endpoint: string): Region {
  return {
    name,
    endpoint,
    dynamodb: new DynamoDBClient({ ...aws, region: name, endpoint }),
    streams: new DynamoDBStreamsClient({ ...aws, region: name, endpoint }),
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts a second DynamoDB Local (the stack's jars, a port and a state folder of its own) as
 * another region; `stop` ends it by its pid.
 */
export async function startSecondRegion(
  name: string,
): Promise<{ region: Region; stop: () => Promise<void> }> {
  const stateDir = mkdtempSync(join(tmpdir(), 'dkc-region-'));
  const settings = { ...stackSettings(), dynamodbPort: await freePort(), stateDir };
  const service = createDynamoDbLocal({ ...settings, dynamodbHeap: '512m' });
  await service.install();
  const pid = await service.launch();
  await waitFor('second DynamoDB Local', () => service.ready(), {
    timeoutMs: service.startTimeoutMs,
    isRunning: () => isAlive(pid),
    logFile: service.logFile,
  });
  const region = regionAt(name, `http://127.0.0.1:${settings.dynamodbPort}`);
  return {
    region,
    stop: async () => {
      region.dynamodb.destroy();
      region.streams.destroy();
      await stopProcess(pid, 5_000);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

import { join } from 'node:path';
import type { TopicAdmin } from '../src/kafka/topic-admin.js';
import type { BenchClients } from './clients.js';
import { type ConnectorRun, writeConnectorConfig } from './connector-config.js';
import { WorkerProcess } from './worker-process.js';

/** What every measurement gets from run.ts. */
export interface BenchContext {
  clients: BenchClients;
  /** One connected admin, for end-offset polls and topic clean-up. */
  admin: TopicAdmin;
  /** Prefix of every table, topic and connector name of this run. */
  runId: string;
  /** With --profile: every worker writes a V8 CPU profile under here, in a folder per run. */
  profileDir: string | undefined;
  /** The connector's entry point (dist/main.js unless --worker), and node flags for it. */
  workerMain: string;
  workerNodeArgs: string[];
  /** --compression: the codec of every connector run and raw produce (absent = the default). */
  compression: string | undefined;
  /** --guarantee: delivery.guarantee of every connector run (absent = the default). */
  guarantee: string | undefined;
  log: (line: string) => void;
}

/** Starts the connector for one run, profiled when the bench was asked to. */
export function startConnector(ctx: BenchContext, run: ConnectorRun): WorkerProcess {
  const nodeArgs = [
    ...ctx.workerNodeArgs,
    ...(ctx.profileDir ? ['--cpu-prof', '--cpu-prof-dir', join(ctx.profileDir, run.name)] : []),
  ];
  return new WorkerProcess(
    ctx.workerMain,
    writeConnectorConfig(ctx.clients.endpoints, {
      compression: ctx.compression,
      guarantee: ctx.guarantee,
      ...run,
    }),
    nodeArgs,
  );
}

/** Deletes topics the run no longer needs: a bench run writes gigabytes to Kafka otherwise. */
export async function dropTopics(ctx: BenchContext, topics: string[]): Promise<void> {
  const existing = new Set(await ctx.admin.listTopics());
  const gone = topics.filter((t) => existing.has(t));
  if (gone.length > 0) await ctx.admin.deleteTopics(gone).catch(() => {});
}

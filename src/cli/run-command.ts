import { hostname } from 'node:os';
import { kafkaWarnings } from '../config/kafka-rules.js';
import { loadConfig, redacted } from '../config/load.js';
import { errorMessage } from '../errors.js';
import { type HttpServer, startHttpServer } from '../http/http-server.js';
import { createLogger } from '../observability/logger.js';
import { createMetrics } from '../observability/metrics.js';
import { Worker } from '../worker/worker.js';
import { parseOptions } from './args.js';
import { createClients } from './clients.js';
import { onShutdownSignals } from './shutdown-signals.js';
import { version } from './version.js';

/**
 * `run --config <file>`: copies every whitelisted table until SIGINT/SIGTERM, then lets tasks
 * finish their in-flight batch and write offsets, and exits 0. A second signal exits at once.
 */
export async function runCommand(args: string[]): Promise<number> {
  const options = parseOptions(args, ['config']);
  const config = loadConfig(options.config);
  const logger = createLogger({
    level: config.log.level,
    format: config.log.format as 'json' | 'pretty',
    connector: config.name,
  });
  logger.debug('config', { config: redacted(config) });
  const stop = new AbortController();
  onShutdownSignals(stop, { logger, timeoutMs: config.shutdownTimeoutMs, unfinished: 'batches' });
  for (const warning of kafkaWarnings(config.kafka)) logger.warn('insecure setting', { warning });
  const clients = createClients(config, logger);
  const metrics = createMetrics(config.name);
  const worker = new Worker(config, clients, logger, metrics);
  let http: HttpServer | undefined;
  try {
    // Started with the worker, stopped last: the status answers through the whole shutdown.
    if (config.http.enabled) {
      http = await startHttpServer(
        { host: config.http.host, port: config.http.port },
        {
          view: () => worker.view(),
          control: worker.tasks,
          allowWrites: config.http.allowWrites,
          authToken: config.http.authToken,
          metrics: () => metrics.exposition(),
          info: { version: version(), commit: process.env.DKC_COMMIT ?? null },
        },
        logger,
      );
    }
    // Every line from here on names this worker: REST's worker_id, or host and pid without REST.
    const workerId = http?.workerId ?? `${hostname()}:${process.pid}`;
    logger.defaultMeta = { ...logger.defaultMeta, worker: workerId };
    logger.info('worker id', { worker: workerId });
    await worker.run(stop.signal, {
      workerId,
      startedAt: Math.round(performance.timeOrigin),
      rest: http ? `${config.http.host}:${http.port}` : null,
    });
  } catch (err) {
    // One line with the cause (e.g. a wrong password, an untrusted certificate, a port in use), no stack.
    logger.error('worker failed', { error: errorMessage(err) });
    return 1;
  } finally {
    await clients.close();
    await http?.close();
  }
  return 0;
}

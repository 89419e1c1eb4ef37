/**
 * The read thread (see read-thread.ts): Scan and GetRecords calls, their answers turned into
 * records by the wire reader, the pages posted back with their buffer transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/load.js';
import { recordsPageMessage, scanPageMessage } from '../dynamodb/page-transfer.js';
import { readRecordsPage, readScanPage } from '../dynamodb/wire-pages.js';
import { awsClientConfig, rpcClients } from './aws-config.js';
import type { ReadRequest } from './read-thread.js';

const { dynamodb, streams } = rpcClients(
  awsClientConfig((workerData as { config: Config }).config),
);

async function read(request: ReadRequest) {
  if (request.op === 'scan') {
    const body = await dynamodb.call('Scan', request.input);
    return scanPageMessage(readScanPage(body, request.keyNames));
  }
  const body = await streams.call('GetRecords', { ShardIterator: request.iterator });
  return recordsPageMessage(readRecordsPage(body, request.keyNames));
}

parentPort?.on('message', (request: ReadRequest) => {
  read(request).then(
    (page) =>
      parentPort?.postMessage({ id: request.id, page }, [
        page.buffer,
        page.spans.buffer as ArrayBuffer,
      ]),
    (err: Error & Record<string, unknown>) => {
      // What error classification looks at (errors.ts), as plain data across the thread line.
      const { name, message, code, $metadata, $retryable } = err;
      parentPort?.postMessage({
        id: request.id,
        error: { name, message, code, $metadata, $retryable },
      });
    },
  );
});

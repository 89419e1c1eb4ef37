/**
 * The read thread (see read-thread.ts): Scan and GetRecords calls, their answers turned into
 * records by the wire reader, the pages posted back with their buffer transferred.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config/load.js';
import { bodyReplacer } from '../dynamodb/json-rpc.js';
import {
  type RecordsPageMessage,
  recordsPageMessage,
  type ScanPageMessage,
  scanPageMessage,
} from '../dynamodb/page-transfer.js';
import { readRecordsPage, readScanPage } from '../dynamodb/wire-pages.js';
import { awsClientConfig, rpcClients } from './aws-config.js';
import type { ReadRequest } from './read-thread.js';

const { dynamodb, streams } = rpcClients(
  awsClientConfig((workerData as { config: Config }).config),
);

type Page = ScanPageMessage | RecordsPageMessage;

async function fetchPage(request: ReadRequest): Promise<Page> {
  if (request.op === 'scan') {
    const body = await dynamodb.call('Scan', request.input);
    return scanPageMessage(readScanPage(body, request.keyNames));
  }
  const body = await streams.call('GetRecords', { ShardIterator: request.iterator });
  return recordsPageMessage(readRecordsPage(body, request.keyNames));
}

/**
 * The page after this one, when the caller reads ahead: a Scan's next page; the next
 * GetRecords only while the shard returns records (an empty answer means wait, not read).
 */
function nextOf(request: ReadRequest, page: Page): ReadRequest | undefined {
  if (request.op === 'scan' && page.kind === 'scan') {
    const key = page.lastEvaluatedKey;
    return key && { ...request, input: { ...request.input, ExclusiveStartKey: key } };
  }
  if (request.op === 'records' && page.kind === 'records') {
    const next = page.nextShardIterator;
    return next && page.records.length > 0 ? { ...request, iterator: next } : undefined;
  }
  return undefined;
}

const requestKey = (r: ReadRequest) =>
  JSON.stringify(r.op === 'scan' ? r.input : r.iterator, bodyReplacer);

/**
 * Pages read ahead, by the request that will ask for them. The next request goes out as soon as
 * a page is read here, not when the main thread, busy sending the page before, asks for it: the
 * read-ahead the tasks do keeps DynamoDB busy only if it starts without waiting for them. One
 * page per cursor; one not asked for within a minute (its task stopped) is dropped.
 */
const ahead = new Map<string, { at: number; page: Promise<Page> }>();
const AHEAD_MS = 60_000;

async function read(request: ReadRequest): Promise<Page> {
  const key = requestKey(request);
  const hit = ahead.get(key);
  ahead.delete(key);
  const page = await (hit?.page ?? fetchPage(request));
  const next = request.readAhead ? nextOf(request, page) : undefined;
  if (next) {
    const fetching = fetchPage(next);
    fetching.catch(() => {}); // surfaces when asked for, like any read
    ahead.set(requestKey(next), { at: Date.now(), page: fetching });
  }
  for (const [k, entry] of ahead) if (Date.now() - entry.at > AHEAD_MS) ahead.delete(k);
  return page;
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
      const { name, message, code, $metadata, $retryable, retriable } = err;
      parentPort?.postMessage({
        id: request.id,
        error: { name, message, code, $metadata, $retryable, retriable },
      });
    },
  );
});

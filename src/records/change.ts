export type Op = 'r' | 'c' | 'u' | 'd';
export type Phase = 'INIT_SYNC' | 'RECONCILE' | 'SYNC';

/**
 * One change to one item, from a scan page (op r) or a stream record (c/u/d). Key and images
 * are JSON text already (the type mapping of DESIGN §4 applied by the wire reader), so a record
 * is assembled from them without converting anything twice.
 */
export interface Change {
  op: Op;
  phase: Phase;
  /** The key attributes as a JSON object, hash key first. */
  key: Buffer;
  before: Buffer | null;
  after: Buffer | null;
  /** When the change happened (stream) or the page was read (scan), ms. */
  changeTimeMs: number;
  eventId: string | null;
  sequenceNumber: string | null;
  shardId: string | null;
  /** The REMOVE came from TTL expiry. */
  ttlDelete: boolean;
}

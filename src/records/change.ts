import type { Item } from '../dynamodb/attribute-json.js';

export type Op = 'r' | 'c' | 'u' | 'd';
export type Phase = 'INIT_SYNC' | 'SYNC';

/** One change to one item, from a scan page (op r) or a stream record (c/u/d). */
export interface Change {
  op: Op;
  phase: Phase;
  /** Holds at least the key attributes. */
  keys: Item;
  before: Item | null;
  after: Item | null;
  /** When the change happened (stream) or the page was read (scan), ms. */
  changeTimeMs: number;
  eventId: string | null;
  sequenceNumber: string | null;
  shardId: string | null;
  /** The REMOVE came from TTL expiry. */
  ttlDelete: boolean;
}

import { Consumer, type ConsumerGroupJoinPayload, type GroupAssignment } from '@platformatic/kafka';
import type { Logger } from '../observability/logger.js';
import { backoffDelay, sleep } from '../retry.js';
import { ownershipLapsed } from '../worker/owner-election.js';
import { bootstrapOf, type ConnectionSettings } from './connection-options.js';
import type { GroupProtocol } from './group-protocol.js';
import { kafkaError } from './kafka-failure.js';

export interface MembershipOptions {
  groupId: string;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

export type MembershipState<S> =
  | { kind: 'joining'; reason: string | null }
  | { kind: 'member'; memberId: string; generationId: number; share: S }
  | { kind: 'failed'; error: Error };

const REJOIN = { initialMs: 500, maxMs: 10_000 };
const WATCH_MS = 250;

/**
 * This worker's membership in its connector's consumer group (classic protocol), used for
 * liveness and the leader's share-out of the work (the protocol: one owner, or tables): it
 * subscribes to no topic and never fetches. The client heartbeats and rejoins on a
 * rebalance; this class turns what it reports into one state, and drops a share that gives
 * work as soon as it may no longer hold: removed from the group, or heartbeats failing for
 * nearly a session timeout (the broker then hands the work to another member). A membership
 * the client gave up on is started again with back-off.
 */
export class GroupMembership<S> {
  private current: MembershipState<S> = { kind: 'joining', reason: null };
  private readonly listeners = new Set<(s: MembershipState<S>) => void>();
  private consumer: Consumer | undefined;
  /** Last time the broker answered as to a member (heartbeat, rebalance notice, join). */
  private lastAliveMs = 0;
  /** A JoinGroup is on its way: the broker keeps a member waiting in it alive. */
  private joinSince: number | null = null;
  private lastSent: Buffer | null = null;
  private restart = new AbortController();

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly opts: MembershipOptions,
    private readonly protocol: GroupProtocol<S>,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): MembershipState<S> {
    return this.current;
  }

  onChange(listener: (s: MembershipState<S>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stays a member until `stop` aborts, then leaves the group (LeaveGroup: no wait for others). */
  async run(stop: AbortSignal): Promise<void> {
    const watch = setInterval(() => this.watch(), WATCH_MS);
    let failures = 0;
    try {
      while (!stop.aborted) {
        this.restart = new AbortController();
        const consumer = this.newConsumer();
        this.consumer = consumer;
        try {
          await consumer.joinGroup(this.joinOptions(consumer));
          failures = 0;
          await sleep(2 ** 31 - 1, AbortSignal.any([stop, this.restart.signal]));
        } catch (err) {
          const error = kafkaError(
            err,
            `joining consumer group ${this.opts.groupId}`,
            bootstrapOf(this.settings),
          );
          if (!error.retriable) {
            this.set({ kind: 'failed', error });
            throw error;
          }
          const delayMs = backoffDelay(failures++, REJOIN);
          this.set({ kind: 'joining', reason: error.message });
          this.logger.warn('joining the consumer group failed, retrying', {
            groupId: this.opts.groupId,
            delayMs,
            error: error.message,
          });
          await sleep(delayMs, stop);
        } finally {
          if (this.consumer === consumer) this.consumer = undefined;
          this.joinSince = null;
          await this.close(consumer);
        }
      }
    } finally {
      clearInterval(watch);
    }
  }

  /**
   * Joins again when what this member said at its last join is out of date (it stopped work
   * it was asked to hand over, or it found other tables), so the leader shares out anew.
   */
  rejoinIfStale(): void {
    const consumer = this.consumer;
    if (!consumer || this.current.kind !== 'member' || !this.lastSent) return;
    if (!this.protocol.stale(this.lastSent)) return;
    consumer.joinGroup(this.joinOptions(consumer)).catch((err: unknown) => {
      if (this.consumer !== consumer) return;
      this.lose(`rejoining the consumer group failed: ${kafkaError(err, 'rejoining').message}`);
      this.restart.abort();
    });
  }

  private joinOptions(consumer: Consumer) {
    return {
      sessionTimeout: this.opts.sessionTimeoutMs,
      rebalanceTimeout: this.opts.sessionTimeoutMs,
      heartbeatInterval: this.opts.heartbeatIntervalMs,
      protocols: [{ name: this.protocol.name, version: this.protocol.version }],
      protocolsMetadata: () => this.metadata(consumer),
      partitionAssigner: (_self: string, members: Map<string, { metadata?: Buffer | string }>) =>
        [...this.protocol.assign(metadataOf(members))].map(([memberId, entries]) => ({
          memberId,
          assignments: new Map<string, GroupAssignment>(entries.map((e) => [e.topic, e])),
        })),
    };
  }

  private newConsumer(): Consumer {
    const consumer = new Consumer({ ...this.settings, groupId: this.opts.groupId });
    const alive = () => {
      if (this.consumer === consumer) this.lastAliveMs = this.now();
    };
    consumer.on('consumer:heartbeat:end', alive);
    consumer.on('consumer:group:rebalance', alive);
    consumer.on('consumer:group:join', (p: ConsumerGroupJoinPayload) => {
      if (this.consumer !== consumer) return;
      alive();
      this.joinSince = null;
      this.joined(p);
    });
    // The client gave up rejoining (it emits 'error', which must have a listener): start over.
    consumer.on('error', (err: unknown) => {
      if (this.consumer !== consumer) return;
      this.lose(`the group membership failed: ${kafkaError(err, 'rejoining').message}`);
      this.restart.abort();
    });
    return consumer;
  }

  /** Called by the client at every (re)join: what this worker says about itself. */
  private metadata(consumer: Consumer): Buffer {
    this.lastAliveMs = this.now();
    this.joinSince = this.now();
    // The client forgets the member id when the broker says it is unknown: removed from the
    // group (it missed its session timeout), so another worker may run its work by now.
    if (this.holding() && consumer.memberId !== (this.current as { memberId: string }).memberId)
      this.lose('removed from the consumer group');
    this.lastSent = this.protocol.metadata(this.holding());
    return this.lastSent;
  }

  private holding(): boolean {
    const s = this.current;
    return s.kind === 'member' && this.protocol.holds(s.share, s.memberId);
  }

  private joined(p: ConsumerGroupJoinPayload): void {
    const self = { memberId: p.memberId, isLeader: p.isLeader === true };
    const share = this.protocol.read(p.assignments ?? [], self);
    this.logger.debug('consumer group joined', {
      groupId: this.opts.groupId,
      generationId: p.generationId,
      memberId: p.memberId,
      share,
    });
    this.set({ kind: 'member', memberId: p.memberId, generationId: p.generationId ?? -1, share });
  }

  private watch(): void {
    if (!this.holding()) return;
    const { sessionTimeoutMs, heartbeatIntervalMs } = this.opts;
    const nowMs = this.now();
    // A member waiting in a JoinGroup stays in the group until the rebalance timeout (here the
    // session timeout) has passed, however long the others take to join.
    const since = this.joinSince === null ? this.lastAliveMs : this.joinSince + sessionTimeoutMs;
    if (ownershipLapsed({ lastAliveMs: since, nowMs, sessionTimeoutMs, heartbeatIntervalMs })) {
      this.lose(`no answer from the group coordinator for ${nowMs - this.lastAliveMs} ms`);
      // The old member may already be gone on the broker's side: join again as a new one.
      this.restart.abort();
    }
  }

  private lose(reason: string): void {
    this.set({ kind: 'joining', reason });
  }

  private set(state: MembershipState<S>): void {
    this.current = state;
    for (const listener of [...this.listeners]) listener(state);
  }

  /** Leaves the group (a graceful stop hands it over at once); gives up after the timeout. */
  private async close(consumer: Consumer): Promise<void> {
    const timeout = new AbortController();
    const closed = consumer
      .close(true)
      .catch((err: unknown) => {
        this.logger.debug('consumer group close failed', { error: String(err) });
      })
      .finally(() => timeout.abort());
    await Promise.race([closed, sleep(this.opts.sessionTimeoutMs, timeout.signal)]);
    timeout.abort();
  }
}

function metadataOf(
  members: Map<string, { metadata?: Buffer | string }>,
): Map<string, Buffer | null> {
  return new Map(
    [...members].map(([id, { metadata: m }]) => [
      id,
      m === undefined ? null : Buffer.isBuffer(m) ? m : Buffer.from(m),
    ]),
  );
}

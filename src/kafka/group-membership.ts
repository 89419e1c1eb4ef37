import { Consumer, type ConsumerGroupJoinPayload } from '@platformatic/kafka';
import type { Logger } from '../observability/logger.js';
import { backoffDelay, sleep } from '../retry.js';
import { encodeMemberInfo, type Owner, ownershipLapsed } from '../worker/owner-election.js';
import { bootstrapOf, type ConnectionSettings } from './connection-options.js';
import { kafkaError } from './kafka-failure.js';
import { assignOwner, ownerFromAssignment } from './owner-assignment.js';

/** The group's protocol: members of another protocol (a Kafka consumer) cannot join it. */
export const STANDALONE_PROTOCOL = { name: 'dkc-standalone', version: 1 } as const;

export interface MembershipOptions {
  groupId: string;
  self: { workerId: string; startedAt: number; rest: string | null };
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
}

export type MembershipState =
  | { kind: 'joining'; reason: string | null }
  | { kind: 'owner'; owner: Owner }
  | { kind: 'standby'; owner: Owner | null }
  | { kind: 'failed'; error: Error };

const REJOIN = { initialMs: 500, maxMs: 10_000 };
const WATCH_MS = 250;

/**
 * This worker's membership in its connector's consumer group (classic protocol), used only for
 * liveness and the leader's election of one owner: it subscribes to no topic and never
 * fetches. The client heartbeats and rejoins on a rebalance; this class turns what it reports
 * into one state, and drops ownership as soon as it may no longer hold: removed from the
 * group, or heartbeats failing for nearly a session timeout (the broker then hands the group
 * to another member). A membership the client gave up on is started again with back-off.
 */
export class GroupMembership {
  private current: MembershipState = { kind: 'joining', reason: null };
  private readonly listeners = new Set<(s: MembershipState) => void>();
  private consumer: Consumer | undefined;
  /** Last time the broker answered as to a member (heartbeat, rebalance notice, join). */
  private lastAliveMs = 0;
  private restart = new AbortController();

  constructor(
    private readonly settings: ConnectionSettings,
    private readonly opts: MembershipOptions,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  get state(): MembershipState {
    return this.current;
  }

  onChange(listener: (s: MembershipState) => void): () => void {
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
          await consumer.joinGroup({
            sessionTimeout: this.opts.sessionTimeoutMs,
            rebalanceTimeout: this.opts.sessionTimeoutMs,
            heartbeatInterval: this.opts.heartbeatIntervalMs,
            protocols: [STANDALONE_PROTOCOL],
            protocolsMetadata: () => this.metadata(consumer),
            partitionAssigner: (_self, members) => assignOwner(members),
          });
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
          await this.close(consumer);
        }
      }
    } finally {
      clearInterval(watch);
    }
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
    // The client forgets the member id when the broker says it is unknown: removed from the
    // group (it missed its session timeout), so another worker may own the connector by now.
    if (this.current.kind === 'owner' && consumer.memberId !== this.current.owner.memberId)
      this.lose('removed from the consumer group');
    return encodeMemberInfo({ ...this.opts.self, owns: this.current.kind === 'owner' });
  }

  private joined(p: ConsumerGroupJoinPayload): void {
    const self = { memberId: p.memberId, isLeader: p.isLeader === true };
    const owner = ownerFromAssignment(p.assignments ?? [], self, () => ({
      memberId: p.memberId,
      ...this.opts.self,
    }));
    this.logger.debug('consumer group joined', {
      groupId: this.opts.groupId,
      generationId: p.generationId,
      memberId: p.memberId,
      owner,
    });
    if (owner?.memberId === p.memberId) this.set({ kind: 'owner', owner });
    else this.set({ kind: 'standby', owner });
  }

  private watch(): void {
    if (this.current.kind !== 'owner') return;
    const { sessionTimeoutMs, heartbeatIntervalMs } = this.opts;
    const nowMs = this.now();
    if (
      ownershipLapsed({
        lastAliveMs: this.lastAliveMs,
        nowMs,
        sessionTimeoutMs,
        heartbeatIntervalMs,
      })
    ) {
      this.lose(`no answer from the group coordinator for ${nowMs - this.lastAliveMs} ms`);
      // The old member may already be gone on the broker's side: join again as a new one.
      this.restart.abort();
    }
  }

  private lose(reason: string): void {
    this.set({ kind: 'joining', reason });
  }

  private set(state: MembershipState): void {
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

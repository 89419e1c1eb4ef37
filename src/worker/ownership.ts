import type { MembershipState as GroupState } from '../kafka/group-membership.js';
import type { Logger } from '../observability/logger.js';
import type { Owner } from './owner-election.js';
import type { OwnershipView } from './worker-view.js';

/** What the worker needs of its group membership (src/kafka/group-membership.ts). */
export interface Membership<S> {
  readonly state: GroupState<S>;
  onChange(listener: (s: GroupState<S>) => void): () => void;
}

/** A standalone membership as this worker stands in it: owner, standby, or neither yet. */
export type MembershipState =
  | Exclude<GroupState<Owner | null>, { kind: 'member' }>
  | { kind: 'owner'; owner: Owner }
  | { kind: 'standby'; owner: Owner | null };

export function standing(s: GroupState<Owner | null>): MembershipState {
  if (s.kind !== 'member') return s;
  return s.share?.memberId === s.memberId
    ? { kind: 'owner', owner: s.share }
    : { kind: 'standby', owner: s.share };
}

type StandaloneMembership = Membership<Owner | null>;

/** Why a standby copies nothing: the one line an operator who started a second worker reads. */
export const standbyMessage = (groupId: string, ownerWorkerId: string | null) =>
  `another worker (${ownerWorkerId ?? 'unknown'}) runs this connector (consumer group ${groupId}): ` +
  'a second standalone worker with the same name would copy every table twice, so this one ' +
  'copies nothing and takes over when that one stops; stop one of them, or give this one ' +
  'another name';

/**
 * Resolves once this worker owns the connector, with a signal that aborts when it no longer
 * does (or `signal` aborts); undefined when `signal` aborted first. Rejects when the
 * membership failed for good (e.g. the principal may not join the group).
 */
export function nextTerm(
  m: StandaloneMembership,
  signal: AbortSignal,
): Promise<AbortSignal | undefined> {
  return new Promise((resolve, reject) => {
    const check = (g: GroupState<Owner | null>) => {
      const s = standing(g);
      if (signal.aborted) return done(undefined);
      if (s.kind === 'failed') {
        off();
        return reject(s.error);
      }
      if (s.kind !== 'owner') return;
      const lost = new AbortController();
      const offLost = m.onChange((g) => {
        const next = standing(g);
        if (next.kind !== 'owner' || next.owner.memberId !== s.owner.memberId) {
          offLost();
          lost.abort();
        }
      });
      done(AbortSignal.any([signal, lost.signal]));
    };
    const done = (term: AbortSignal | undefined) => {
      off();
      resolve(term);
    };
    const off = m.onChange(check);
    signal.addEventListener('abort', () => check(m.state), { once: true });
    check(m.state);
  });
}

/**
 * Logs each change of ownership once: taking the connector on (info), standing by because
 * another worker runs it (warn, again only when the owner changes), losing it (warn).
 */
export function logOwnership(m: StandaloneMembership, groupId: string, logger: Logger): () => void {
  let last = standing(m.state);
  return m.onChange((g) => {
    const s = standing(g);
    const prev = last;
    last = s;
    if (s.kind === 'owner' && prev.kind !== 'owner') {
      logger.info('connector owned', { groupId, workerId: s.owner.workerId });
    } else if (s.kind === 'standby') {
      if (prev.kind === 'standby' && prev.owner?.memberId === s.owner?.memberId) return;
      if (prev.kind === 'owner') logger.warn('ownership lost', { groupId, reason: 'reassigned' });
      logger.warn('another worker runs this connector', {
        groupId,
        owner: s.owner?.workerId ?? null,
        ownerRest: s.owner?.rest ?? null,
        reason: standbyMessage(groupId, s.owner?.workerId ?? null),
      });
    } else if (s.kind === 'joining' && prev.kind === 'owner') {
      logger.warn('ownership lost', { groupId, reason: s.reason });
    }
  });
}

export function ownershipView(groupId: string, s: MembershipState | undefined): OwnershipView {
  if (s?.kind === 'owner' || s?.kind === 'standby') {
    const owner = s.owner && {
      workerId: s.owner.workerId,
      rest: s.owner.rest,
      startedAt: s.owner.startedAt,
    };
    return s.kind === 'owner'
      ? { groupId, state: 'OWNER', owner, reason: null }
      : {
          groupId,
          state: 'STANDBY',
          owner,
          reason: standbyMessage(groupId, owner?.workerId ?? null),
        };
  }
  const reason = s?.kind === 'failed' ? s.error.message : (s?.reason ?? null);
  return { groupId, state: 'JOINING', owner: null, reason };
}

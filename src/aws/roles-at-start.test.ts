import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import winston from 'winston';
import { AssumeRoleError } from '../errors.js';
import { assumeRolesAtStart } from './roles-at-start.js';

const ROLE = 'arn:aws:iam::123456789012:role/tables-reader';
const identity = { accessKeyId: 'ASIA1', secretAccessKey: 's', expiration: new Date(0) };

function capturingLogger() {
  const entries: Record<string, unknown>[] = [];
  const stream = new Writable({
    objectMode: true,
    write(info, _encoding, done) {
      entries.push(info);
      done();
    },
  });
  return {
    entries,
    logger: winston.createLogger({ transports: [new winston.transports.Stream({ stream })] }),
  };
}

/** A role whose AssumeRole fails with `failures` in turn, then succeeds. */
function role(failures: Error[]) {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    roleArn: ROLE,
    credentials: async () => {
      const failure = failures[calls++];
      if (failure) throw failure;
      return identity;
    },
  };
}

const refused = new AssumeRoleError(ROLE, 'AccessDenied: not authorized', false);
const unreachable = new AssumeRoleError(ROLE, 'Error: connect ECONNREFUSED', true);

describe('assumeRolesAtStart', () => {
  it.each([
    { name: 'assumed at once', failures: [], calls: 1, warnings: 0, outcome: 'assumed' },
    {
      name: 'STS unreachable twice, then answering: waits for it',
      failures: [unreachable, unreachable],
      calls: 3,
      warnings: 2,
      outcome: 'assumed',
    },
    {
      name: 'refused: the start ends at once, naming the role',
      failures: [refused],
      calls: 1,
      warnings: 0,
      outcome: refused.message,
    },
    {
      name: 'unreachable, then refused',
      failures: [unreachable, refused],
      calls: 2,
      warnings: 1,
      outcome: refused.message,
    },
  ])('$name', async ({ failures, calls, warnings, outcome }) => {
    const { entries, logger } = capturingLogger();
    const r = role(failures);
    const sleeps: number[] = [];
    const result = await assumeRolesAtStart([r], {
      logger,
      signal: new AbortController().signal,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    }).then(
      () => 'assumed',
      (err: Error) => err.message,
    );
    expect(result).toBe(outcome);
    expect(r.calls).toBe(calls);
    expect(sleeps).toHaveLength(warnings);
    const warned = entries.filter((e) => e.message === 'assume role failed, retrying');
    expect(warned).toHaveLength(warnings);
    for (const w of warned) expect(w).toMatchObject({ level: 'warn', roleArn: ROLE });
    expect(entries.some((e) => e.message === 'role assumed')).toBe(outcome === 'assumed');
  });

  it('a stop while STS is unreachable ends the wait quietly', async () => {
    const stop = new AbortController();
    const r = role([unreachable, unreachable, unreachable]);
    await expect(
      assumeRolesAtStart([r], {
        logger: capturingLogger().logger,
        signal: stop.signal,
        sleep: async () => stop.abort(),
      }),
    ).resolves.toBeUndefined();
    expect(r.calls).toBe(2);
  });
});

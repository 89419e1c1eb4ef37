import { join } from 'node:path';
import { createDynamoDbLocal } from './dynamodb-local.js';
import { createKafka, kafkaSecurityOf } from './kafka.js';
import { withLock } from './lock.js';
import { createMoto } from './moto.js';
import { findByMarker, isAlive, isOurs, portOpen, stopProcess, waitFor } from './processes.js';
import type { Service } from './service.js';
import { endpointsOf, type StackEndpoints, type StackSettings, stackSettings } from './settings.js';
import { type Ownership, StateStore } from './state.js';

export interface UpResult {
  endpoints: StackEndpoints;
  started: string[];
  reused: string[];
  /** True when the caller now owns the stack and should stop it when done. */
  owned: boolean;
}

export interface StackOptions {
  settings?: StackSettings;
  log?: (line: string) => void;
}

function services(s: StackSettings): Service[] {
  return [createKafka(s), createDynamoDbLocal(s), createMoto(s)];
}

function running(store: StateStore, svc: Service): number | undefined {
  const st = store.service(svc.name);
  return st && isOurs(st.pid, st.marker) ? st.pid : undefined;
}

/**
 * Decides who owns the stack after an `up` (see Ownership): a person always claims it; a test
 * run takes a stack it started whole, nobody owns, or whose test run died (Ctrl-C), never a
 * running stack of a person's.
 */
export function nextOwnership(
  previous: Ownership | undefined,
  reusedAny: boolean,
  caller: Ownership,
  alive: (pid: number) => boolean,
): Ownership {
  if (!previous || !reusedAny || caller.startedBy === 'manual') return caller;
  if (previous.startedBy === 'test' && !alive(previous.ownerPid)) return caller;
  return previous;
}

/** Starts whatever part of the stack is not running; idempotent. */
export async function stackUp(
  owner: Ownership['startedBy'],
  opts: StackOptions = {},
): Promise<UpResult> {
  const settings = opts.settings ?? stackSettings();
  const log = opts.log ?? (() => {});
  const store = new StateStore(settings.stateDir);
  return withLock(join(settings.stateDir, 'lock'), async () => {
    const all = services(settings);
    const reused: Service[] = [];
    const toStart: Service[] = [];
    for (const svc of all) {
      if (running(store, svc) !== undefined) reused.push(svc);
      else {
        store.setService(svc.name, undefined);
        toStart.push(svc);
      }
    }
    for (const svc of toStart) {
      for (const orphan of findByMarker(svc.marker)) {
        log(`${svc.name}: stopping pid ${orphan}, left unrecorded by an interrupted start`);
        await stopProcess(orphan);
      }
      for (const port of svc.ports) {
        if (await portOpen(settings.host, port)) {
          throw new Error(
            `${svc.name}: port ${port} on ${settings.host} is already used by another program; ` +
              'choose other ports with STACK_KAFKA_PORT, STACK_KAFKA_CONTROLLER_PORT, STACK_KAFKA_SASL_SSL_PORT, ' +
              'STACK_KAFKA_SSL_PORT, STACK_DYNAMODB_PORT, STACK_MOTO_PORT',
          );
        }
      }
    }
    // Maven's local repository is not safe for concurrent writers, so installs run one by one.
    for (const svc of toStart) {
      log(`${svc.name}: checking installation`);
      await svc.install();
    }
    const launched: Service[] = [];
    try {
      await Promise.all(
        toStart.map(async (svc) => {
          const started = Date.now();
          const pid = await svc.launch();
          const marker = svc.marker;
          launched.push(svc);
          store.setService(svc.name, { pid, marker, startedAt: new Date().toISOString() });
          log(`${svc.name}: started pid ${pid}, waiting until it answers`);
          await waitFor(svc.name, svc.ready, {
            timeoutMs: svc.startTimeoutMs,
            isRunning: () => isOurs(pid, marker),
            logFile: svc.logFile,
          });
          log(`${svc.name}: ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }),
      );
      await Promise.all(
        reused.map((svc) =>
          waitFor(svc.name, svc.ready, {
            timeoutMs: svc.startTimeoutMs,
            isRunning: () => running(store, svc) !== undefined,
            logFile: svc.logFile,
          }),
        ),
      );
    } catch (err) {
      for (const svc of launched) await stopService(store, svc);
      throw err;
    }
    const ownership = nextOwnership(
      store.ownership(),
      reused.length > 0,
      { startedBy: owner, ownerPid: process.pid },
      isAlive,
    );
    store.setOwnership(ownership);
    const endpoints = endpointsOf(settings, kafkaSecurityOf(settings));
    store.setEndpoints(endpoints);
    return {
      endpoints,
      started: toStart.map((s) => s.name),
      reused: reused.map((s) => s.name),
      owned: ownership.startedBy === owner && ownership.ownerPid === process.pid,
    };
  });
}

async function stopService(
  store: StateStore,
  svc: Service,
): Promise<'stopped' | 'killed' | 'not running'> {
  const st = store.service(svc.name);
  const outcome = st && isOurs(st.pid, st.marker) ? await stopProcess(st.pid) : 'not running';
  store.setService(svc.name, undefined);
  svc.cleanup?.();
  return outcome;
}

/** Stops every server that `up` started, by pid, and forgets them. */
export async function stackDown(opts: StackOptions = {}): Promise<Record<string, string>> {
  const settings = opts.settings ?? stackSettings();
  const store = new StateStore(settings.stateDir);
  return withLock(join(settings.stateDir, 'lock'), async () => {
    const outcome: Record<string, string> = {};
    await Promise.all(
      services(settings).map(async (svc) => {
        outcome[svc.name] = await stopService(store, svc);
      }),
    );
    store.setOwnership(undefined);
    store.setEndpoints(undefined);
    return outcome;
  });
}

export interface ServiceStatus {
  name: string;
  pid?: number;
  ports: number[];
  answering: boolean;
  logFile: string;
}

export async function stackStatus(opts: StackOptions = {}): Promise<{
  services: ServiceStatus[];
  ownership?: Ownership;
  /** What the last `up` published, secrets included; undefined when the stack is down. */
  endpoints?: StackEndpoints;
}> {
  const settings = opts.settings ?? stackSettings();
  const store = new StateStore(settings.stateDir);
  const list = await Promise.all(
    services(settings).map(async (svc) => {
      const pid = running(store, svc);
      const answering = pid !== undefined && (await svc.ready().catch(() => false));
      return { name: svc.name, pid, ports: svc.ports, answering, logFile: svc.logFile };
    }),
  );
  return { services: list, ownership: store.ownership(), endpoints: store.endpoints() };
}

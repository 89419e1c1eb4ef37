import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StackEndpoints } from './settings.js';

/** What `up` remembers about one running server, so `down` and `status` can find it by pid. */
export interface ServiceState {
  pid: number;
  marker: string;
  startedAt: string;
}

/**
 * Who started the stack. A person's stack (`manual`) is never stopped by a test run; a test
 * run's stack is stopped by its teardown, or adopted by the next test run if that one died.
 */
export interface Ownership {
  startedBy: 'manual' | 'test';
  ownerPid: number;
}

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function writeJson(file: string, value: unknown, mode = 0o644): void {
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, { mode });
  // `mode` applies only to a new file; an older one keeps its mode otherwise.
  chmodSync(file, mode);
}

export class StateStore {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  service(name: string): ServiceState | undefined {
    return readJson<ServiceState>(join(this.dir, `${name}.json`));
  }

  setService(name: string, state: ServiceState | undefined): void {
    const file = join(this.dir, `${name}.json`);
    if (state) writeJson(file, state);
    else rmSync(file, { force: true });
  }

  ownership(): Ownership | undefined {
    return readJson<Ownership>(join(this.dir, 'stack.json'));
  }

  setOwnership(value: Ownership | undefined): void {
    const file = join(this.dir, 'stack.json');
    if (value) writeJson(file, value);
    else rmSync(file, { force: true });
  }

  get endpointsFile(): string {
    return join(this.dir, 'endpoints.json');
  }

  /** What the last `up` published; undefined after `down`. */
  endpoints(): StackEndpoints | undefined {
    return readJson<StackEndpoints>(this.endpointsFile);
  }

  /** Readable by the owner only: it holds the SASL password and the client key's passphrase. */
  setEndpoints(value: StackEndpoints | undefined): void {
    if (value) writeJson(this.endpointsFile, value, 0o600);
    else rmSync(this.endpointsFile, { force: true });
  }
}

import { createRequire } from 'node:module';

type Sqlite = typeof import('node:sqlite');
let loaded: Sqlite | undefined;

/**
 * Node's built-in SQLite, loaded on first use. Node 22 still calls the module experimental and
 * prints a warning when it loads; the part used here (DatabaseSync, prepared statements,
 * iterate) is the same on 22.13+ and 24, where it is release-candidate and silent. Only that
 * one warning is held back, so the worker's stderr stays clean (kafka-security test).
 */
export function sqlite(): Sqlite {
  if (loaded) return loaded;
  const emit = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(warning).includes('SQLite is an experimental feature')) return;
    (emit as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    loaded = createRequire(import.meta.url)('node:sqlite') as Sqlite;
  } finally {
    process.emitWarning = emit;
  }
  return loaded;
}

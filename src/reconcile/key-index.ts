import { rmSync } from 'node:fs';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { sqlite } from './sqlite.js';

/** How many writes go in one SQLite transaction: large enough to amortise the commit. */
const WRITES_PER_TRANSACTION = 20_000;

/** Where a ghost candidate's last record is: its image is read from there afterwards. */
export interface RecordAt {
  partition: number;
  offset: bigint;
}

/**
 * Per key of a table topic, whether its latest record so far leaves it a ghost candidate, and
 * where that record is — on disk, so reconciling a table far larger than memory costs disk, not
 * heap. Rows are small (key and position, no image): storing every old image measured about
 * three times slower. A scratch file: nothing in it needs to survive a crash, since a
 * reconciliation that did not finish is run again from the topic (docs/FORMATS.md).
 */
export class KeyIndex {
  private readonly db: DatabaseSync;
  private readonly upsert: StatementSync;
  private pending = 0;

  constructor(private readonly path: string) {
    rmSync(path, { force: true });
    const { DatabaseSync } = sqlite();
    this.db = new DatabaseSync(path);
    // A scratch index: no journal, no fsync; a page cache of 16 MB bounds its memory.
    this.db.exec(`
      PRAGMA journal_mode = OFF;
      PRAGMA synchronous = OFF;
      PRAGMA cache_size = -16000;
      PRAGMA temp_store = FILE;
      CREATE TABLE keys (key BLOB PRIMARY KEY, part INTEGER, off INTEGER) WITHOUT ROWID;
    `);
    this.upsert = this.db.prepare(
      'INSERT INTO keys (key, part, off) VALUES (?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET part = excluded.part, off = excluded.off',
    );
  }

  /** The key's state as of its latest record so far: a ghost candidate at `at`, or not (null). */
  put(key: Buffer, at: RecordAt | null): void {
    if (this.pending === 0) this.db.exec('BEGIN');
    this.upsert.run(key, at?.partition ?? null, at?.offset ?? null);
    if (++this.pending >= WRITES_PER_TRANSACTION) this.flush();
  }

  /** Distinct keys seen. */
  count(): number {
    this.flush();
    const row = this.db.prepare('SELECT count(*) AS n FROM keys').get() as { n: number };
    return Number(row.n);
  }

  /** The ghost candidates, in topic order (partition, then offset). */
  *ghosts(): Generator<RecordAt & { key: Buffer }> {
    this.flush();
    const rows = this.db
      .prepare('SELECT key, part, off FROM keys WHERE off IS NOT NULL ORDER BY part, off')
      .iterate();
    for (const row of rows as Iterable<{ key: Uint8Array; part: number; off: number }>)
      yield { key: Buffer.from(row.key), partition: Number(row.part), offset: BigInt(row.off) };
  }

  close(): void {
    this.db.close();
    rmSync(this.path, { force: true });
  }

  private flush(): void {
    if (this.pending === 0) return;
    this.db.exec('COMMIT');
    this.pending = 0;
  }
}

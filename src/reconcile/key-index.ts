import { rmSync } from 'node:fs';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { sqlite } from './sqlite.js';

/** How many writes go in one SQLite transaction: large enough to amortise the commit. */
const WRITES_PER_TRANSACTION = 20_000;

/**
 * The last state of every key of a table topic, on disk, so reconciling a table far larger than
 * memory costs disk, not heap. A scratch file: nothing in it needs to survive a crash, since a
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
      CREATE TABLE keys (key BLOB PRIMARY KEY, ghost INTEGER NOT NULL, image BLOB) WITHOUT ROWID;
    `);
    this.upsert = this.db.prepare(
      'INSERT INTO keys (key, ghost, image) VALUES (?, ?, ?) ' +
        'ON CONFLICT (key) DO UPDATE SET ghost = excluded.ghost, image = excluded.image',
    );
  }

  /** The key's state as of its latest record so far: a ghost candidate keeps its image. */
  put(key: Buffer, ghostImage: Buffer | null): void {
    if (this.pending === 0) this.db.exec('BEGIN');
    this.upsert.run(key, ghostImage ? 1 : 0, ghostImage);
    if (++this.pending >= WRITES_PER_TRANSACTION) this.flush();
  }

  /** Distinct keys seen. */
  count(): number {
    this.flush();
    const row = this.db.prepare('SELECT count(*) AS n FROM keys').get() as { n: number };
    return Number(row.n);
  }

  /** Keys whose latest record is a live image from an older generation, with that image. */
  *ghosts(): Generator<{ key: Buffer; image: Buffer }> {
    this.flush();
    const rows = this.db.prepare('SELECT key, image FROM keys WHERE ghost = 1').iterate();
    for (const row of rows as Iterable<{ key: Uint8Array; image: Uint8Array }>)
      yield { key: Buffer.from(row.key), image: Buffer.from(row.image) };
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

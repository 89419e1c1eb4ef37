import { DeleteItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Region } from './second-region.js';
import { seededRandom } from './seeded-random.js';
import { UPDATE_REGION } from './test-replicator.js';

/**
 * Writes to one region's replica at a steady pace, to keys of its own (`<region>-<n>`): puts that
 * each carry a write id never used before (`w`), and some deletes. Each item is stamped with
 * aws:rep:updateregion as a 2017.11.29 global table does. Remembers when each write id was made.
 */
export class RegionWriter {
  /** Write id → when the put was acknowledged (ms). */
  readonly puts = new Map<string, number>();
  private readonly live = new Set<string>();
  private running: Promise<void> | null = null;
  private stopping = false;
  private n = 0;

  constructor(
    private readonly table: string,
    private readonly region: Region,
    private readonly opts: { keys: number; everyMs: number; seed: number },
  ) {}

  start(): void {
    this.stopping = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private async loop(): Promise<void> {
    const random = seededRandom(this.opts.seed + this.n);
    while (!this.stopping) {
      const pk = `${this.region.name}-${Math.floor(random() * this.opts.keys)}`;
      if (this.live.has(pk) && random() < 0.2) {
        await this.region.dynamodb.send(
          new DeleteItemCommand({ TableName: this.table, Key: { pk: { S: pk } } }),
        );
        this.live.delete(pk);
      } else {
        const w = `${this.region.name}#${this.n++}`;
        await this.region.dynamodb.send(
          new PutItemCommand({
            TableName: this.table,
            Item: {
              pk: { S: pk },
              w: { S: w },
              [UPDATE_REGION]: { S: this.region.name },
              'aws:rep:updatetime': { N: (Date.now() / 1000).toFixed(6) },
            },
          }),
        );
        this.puts.set(w, Date.now());
        this.live.add(pk);
      }
      await new Promise((r) => setTimeout(r, this.opts.everyMs));
    }
  }
}

import { type JsonValue, parse, stringify } from './exact-json.js';

/**
 * Version 2017.11.29 global tables write these into every item (the region and time of its last
 * write, a flag while a delete replicates): bookkeeping of DynamoDB's replication, not the
 * user's data, and different in each replica. Version 2019.11.21 tables add none.
 */
export const REPLICATION_ATTRIBUTE_PREFIX = 'aws:rep:';

const MARKER = Buffer.from(`"${REPLICATION_ATTRIBUTE_PREFIX}`);

/**
 * An image (a JSON object) without its replication attributes. Most images have none, and are
 * returned as they are without being parsed; an image with some is parsed with exact numbers
 * and written again, members in their order.
 */
export function withoutReplicationAttributes(image: Buffer): Buffer {
  if (!image.includes(MARKER)) return image;
  const item = parse(image.toString('utf8')) as { [name: string]: JsonValue };
  let removed = false;
  for (const name of Object.keys(item)) {
    if (name.startsWith(REPLICATION_ATTRIBUTE_PREFIX)) {
      delete item[name];
      removed = true;
    }
  }
  return removed ? Buffer.from(stringify(item)) : image;
}

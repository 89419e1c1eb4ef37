import type { JsonItem } from '../dynamodb/json-attributes.js';
import type { KafkaClient } from '../kafka/kafka-client.js';
import { type VerifyReport, type VerifyScan, verifyTable } from '../verify/verify-table.js';

/** Removes replicate's version attribute from every item a Scan returns. */
export function withoutAttribute(scan: VerifyScan, attribute: string): VerifyScan {
  return async (input) => {
    const page = await scan(input);
    const strip = (item: JsonItem): JsonItem =>
      Object.fromEntries(Object.entries(item).filter(([name]) => name !== attribute));
    return { ...page, Items: page.Items?.map(strip) };
  };
}

/**
 * `replicate --check`: the topic's state rebuilt as `verify` rebuilds it, compared with a
 * strongly consistent Scan of the target, the version attribute left out.
 */
export function checkTarget(
  deps: { scan: VerifyScan; kafka: KafkaClient },
  opts: {
    target: string;
    topic: string;
    keyNames: string[];
    format: 'envelope' | 'new_image';
    versionAttribute: string;
  },
): Promise<VerifyReport> {
  return verifyTable(
    { scan: withoutAttribute(deps.scan, opts.versionAttribute), kafka: deps.kafka },
    { table: opts.target, topic: opts.topic, keyNames: opts.keyNames, format: opts.format },
  );
}

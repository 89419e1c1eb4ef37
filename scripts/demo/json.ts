/** Reading the JSON the demo gets from the connector (log lines, record keys and values). */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export const isObject = (v: unknown): v is Record<string, Json> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** The object `text` holds, or undefined when it is not JSON or not an object. */
export function parseObject(text: string): Record<string, Json> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

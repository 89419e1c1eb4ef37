/**
 * Turns the records of a table's topic into the demo's one-line summaries: the key as an id, the
 * op, and what matters for that op (the new item, the fields an update changed, the deleted item).
 */
import type { Paint, Palette } from './console.js';
import { isObject, type Json, parseObject } from './json.js';

export type Op = 'r' | 'c' | 'u' | 'd' | 'tombstone';

/** A record as the demo's waits look at it: which op reached the topic for which item. */
export interface Seen {
  op: Op;
  id: string;
}

export interface FormattedRecord {
  line: string;
  /** Absent for a record the demo does not understand. */
  seen?: Seen;
}

const isChange = (op: string): op is Exclude<Op, 'tombstone'> =>
  op === 'r' || op === 'c' || op === 'u' || op === 'd';

const show = (v: Json | undefined) => (v === undefined ? '(absent)' : JSON.stringify(v));

/** `total 20 → 25.5, status "new" → "shipped"`: the fields an update changed. */
export function changedFields(before: unknown, after: unknown): string | undefined {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const names = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const changes = names
    .filter((n) => JSON.stringify(b[n]) !== JSON.stringify(a[n]))
    .map((n) => `${n} ${show(b[n])} → ${show(a[n])}`);
  return changes.length > 0 ? changes.join(', ') : undefined;
}

/**
 * JSON with object keys sorted (the key attributes first at the top), for display and comparison.
 * (The topic carries numbers with exactly DynamoDB's digits; JSON.parse here turns them into JS
 * numbers, which is fine for the demo's values but would round a 20-digit one on screen.)
 */
export function tidy(value: unknown, first: string[] = []): string {
  const sort = (v: unknown, top: boolean): unknown => {
    if (Array.isArray(v)) return v.map((e) => sort(e, false));
    if (!isObject(v)) return v;
    const names = Object.keys(v).sort((a, b) => {
      const [ia, ib] = top ? [first.indexOf(a), first.indexOf(b)] : [-1, -1];
      if (ia !== ib) return ia === -1 ? 1 : ib === -1 ? -1 : ia - ib;
      return a.localeCompare(b);
    });
    return Object.fromEntries(names.map((n) => [n, sort(v[n], false)]));
  };
  return JSON.stringify(sort(value, true));
}

/** A formatter for one topic's records: one line each, the key first. */
export function recordFormatter(
  colors: Palette,
): (keyText: string | null, valueText: string | null) => FormattedRecord {
  const { bold, dim } = colors;
  const style: Record<Op, { mark: string; label: string; color: Paint }> = {
    r: { mark: 'r', label: 'snapshot', color: colors.cyan },
    c: { mark: 'c', label: 'insert', color: colors.green },
    u: { mark: 'u', label: 'update', color: colors.yellow },
    d: { mark: 'd', label: 'delete', color: colors.red },
    tombstone: { mark: '∅', label: 'tombstone', color: dim },
  };
  const head = (op: Op, id: string) =>
    `${style[op].color(`${style[op].mark}  ${style[op].label.padEnd(9)}`)}  ${bold(id)}`;
  const unknown = (op: string, id: string, value: string) =>
    `?  ${op.padEnd(9)}  ${bold(id)}  ${value}`;

  return (keyText, valueText) => {
    // The key is the item's primary key as JSON: {"order_id":"order-1"} is shown as order-1.
    const key = keyText === null ? undefined : parseObject(keyText);
    const id = key ? Object.values(key).map(String).join('/') : (keyText ?? '(no key)');
    const keyNames = key ? Object.keys(key) : [];

    if (valueText === null) {
      return { line: head('tombstone', id), seen: { op: 'tombstone', id } };
    }
    const envelope = parseObject(valueText);
    if (!envelope) return { line: unknown('unknown', id, valueText) };
    const op = String(envelope.op);
    if (!isChange(op)) return { line: unknown(op, id, valueText) };

    let detail: string;
    if (op === 'r' || op === 'c') {
      detail = tidy(envelope.after, keyNames);
    } else if (op === 'u') {
      detail = changedFields(envelope.before, envelope.after) ?? dim('(no attribute changed)');
    } else {
      detail = dim(`was ${tidy(envelope.before, keyNames)}`);
    }
    return { line: `${head(op, id)}  ${detail}`, seen: { op, id } };
  };
}

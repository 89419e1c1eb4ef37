import { accessSync, constants } from 'node:fs';

/**
 * What a config key accepts. A file value is checked as it is (a JSON or YAML string is never
 * read as a number or a boolean); an env var's text is first read by `fromEnv`, and what it
 * cannot read is handed on unchanged for `check` to refuse.
 */
export interface Format {
  /** What a valid value is, for the reference and for the problem line. */
  readonly expects: string;
  /** null when the value is valid, else why not (never the value itself). */
  check(value: unknown): string | null;
  fromEnv(text: string): unknown;
}

/** The longest wait a Node timer holds: a longer one fires after 1 ms (a busy loop). */
export const MAX_TIMER_MS = 2_147_483_647;

const must = (ok: boolean, expects: string) => (ok ? null : `must be ${expects}`);

function format(expects: string, ok: (v: unknown) => boolean, fromEnv = (t: string): unknown => t) {
  return { expects, check: (v: unknown) => must(ok(v), expects), fromEnv };
}

/** Only decimal digits: "1e3", "0x10", " 5" and "" stay text, so they are refused. */
const envInteger = (t: string): unknown => (/^-?\d+$/.test(t) ? Number(t) : t);
const envNumber = (t: string): unknown => (/^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t);

export function int(min: number, max: number, why = ''): Format {
  return format(
    `an integer from ${min} to ${max}${why}`,
    (v) => Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max,
    envInteger,
  );
}

/** A duration in milliseconds a timer can hold. */
export const ms = (min = 1) => int(min, MAX_TIMER_MS);

export function number(exclusiveMin: number, max: number): Format {
  return format(
    `a number above ${exclusiveMin} and at most ${max}`,
    (v) => typeof v === 'number' && v > exclusiveMin && v <= max,
    envNumber,
  );
}

export const bool: Format = format(
  'true or false',
  (v) => typeof v === 'boolean',
  (t) => (t === 'true' ? true : t === 'false' ? false : t),
);

export function text(expects = 'a non-empty string', pattern = /\S/): Format {
  return format(expects, (v) => typeof v === 'string' && pattern.test(v));
}

export function oneOf(...values: string[]): Format {
  return format(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, (v) =>
    values.includes(v as string),
  );
}

/** The format, or null; an empty env var means null. */
export function optional(inner: Format): Format {
  return {
    expects: `${inner.expects}, or null`,
    check: (v) => (v === null ? null : inner.check(v)),
    fromEnv: (t) => (t === '' ? null : inner.fromEnv(t)),
  };
}

/**
 * A list of strings, each as `item` says. From an env var: comma-separated, or a JSON array
 * when it starts with `[` (for items that hold commas, e.g. cleanup.policy=compact,delete).
 */
export function list(item: Format, nonEmpty = false): Format {
  const expects = `a ${nonEmpty ? 'non-empty ' : ''}list of ${item.expects.replace(/^an? /, '')}s`;
  return {
    expects,
    check(v) {
      if (!Array.isArray(v) || (nonEmpty && v.length === 0)) return `must be ${expects}`;
      const bad = v.findIndex((entry) => item.check(entry) !== null);
      return bad < 0 ? null : `entry ${bad + 1}: must be ${item.expects}`;
    },
    fromEnv(t) {
      if (t.trimStart().startsWith('[')) {
        try {
          return JSON.parse(t);
        } catch {
          return t;
        }
      }
      return t
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    },
  };
}

/**
 * An object of name → value (one of `values`, or as a format says); from an env var as
 * name=value pairs, comma-separated.
 */
export function map(name: Format, values: string[] | Format): Format {
  const value = Array.isArray(values) ? oneOf(...values) : values;
  const expects = `an object of ${name.expects.replace(/^an? /, '')} → ${value.expects}`;
  return {
    expects,
    check(v) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return `must be ${expects}`;
      for (const [k, entry] of Object.entries(v)) {
        if (name.check(k) !== null) return `key ${JSON.stringify(k)}: must be ${name.expects}`;
        if (value.check(entry) !== null) return `${JSON.stringify(k)}: must be ${value.expects}`;
      }
      return null;
    },
    fromEnv(t) {
      const pairs = t
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((pair) => pair.split('='));
      return pairs.every((p) => p.length === 2) ? Object.fromEntries(pairs) : t;
    },
  };
}

export const url = text('an http(s) URL', /^https?:\/\/[^\s/]+\S*$/);

/** Read at load, so a wrong path stops the worker with exit 2 instead of failing later. */
export const readableFile: Format = {
  expects: 'a readable file',
  check(v) {
    if (typeof v !== 'string' || v.trim() === '') return 'must be a file path';
    try {
      accessSync(v, constants.R_OK);
      return null;
    } catch (err) {
      return `cannot read ${v} (${(err as NodeJS.ErrnoException).code})`;
    }
  },
  fromEnv: (t) => t,
};

/** A host and a port: a broker without a port is refused, not warned about for ever. */
export const hostPort = text(
  'a host:port',
  /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]+):([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])$/,
);

/** DynamoDB's rule for table names. */
export const tableName = text(
  'a table name (3 to 255 of A-Z a-z 0-9 _ . -)',
  /^[A-Za-z0-9_.-]{3,255}$/,
);

/** Kafka's rule for topic names (a prefix may be empty). */
export const topicName = (min = 1) =>
  text(
    `a topic name (${min} to 249 of A-Z a-z 0-9 . _ -)`,
    new RegExp(`^[A-Za-z0-9._-]{${min},249}$`),
  );

export const nameValue = (expects: string, name: RegExp) =>
  text(expects, new RegExp(`^${name.source}=.*$`, 's'));

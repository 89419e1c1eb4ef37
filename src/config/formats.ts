import { accessSync, constants } from 'node:fs';
import convict from 'convict';
import { STREAM_TIME_MARGIN_MS } from '../dynamodb/stream-time.js';

/** A list from JSON, or from an env var as a comma-separated string. */
function stringList(nonEmpty: boolean) {
  const what = nonEmpty ? 'a non-empty list of non-empty strings' : 'a list of non-empty strings';
  return {
    validate(value: unknown) {
      const ok =
        Array.isArray(value) &&
        (!nonEmpty || value.length > 0) &&
        value.every((v) => typeof v === 'string' && v.trim() !== '');
      if (!ok) throw new Error(`must be ${what}`);
    },
    coerce: (value: string) =>
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
  };
}

/** Formats beyond convict's built-ins, so every key is checked where it is defined. */
convict.addFormats({
  'string-list': stringList(false),
  'non-empty-string-list': stringList(true),
  'positive-int': {
    validate(value: unknown) {
      if (!Number.isInteger(value) || (value as number) < 1)
        throw new Error('must be an integer ≥ 1');
    },
    coerce: (value: string) => Number(value),
  },
  'non-negative-int': {
    validate(value: unknown) {
      if (!Number.isInteger(value) || (value as number) < 0)
        throw new Error('must be an integer ≥ 0');
    },
    coerce: (value: string) => Number(value),
  },
  'stream-overlap-ms': {
    validate(value: unknown) {
      if (!Number.isInteger(value) || (value as number) < STREAM_TIME_MARGIN_MS)
        throw new Error(
          `must be an integer ≥ ${STREAM_TIME_MARGIN_MS} (stream record times are rounded, to the minute on DynamoDB Local, and come from another clock)`,
        );
    },
    coerce: (value: string) => Number(value),
  },
  'optional-url': {
    validate(value: unknown) {
      if (value === null) return;
      if (typeof value !== 'string' || !/^https?:\/\/[^\s]+$/.test(value))
        throw new Error('must be an http(s) URL');
    },
  },
  'optional-positive-number': {
    validate(value: unknown) {
      if (value === null) return;
      if (typeof value !== 'number' || !(value > 0))
        throw new Error('must be a number > 0, or null');
    },
    coerce: (value: string) => Number(value),
  },
  'optional-positive-int': {
    validate(value: unknown) {
      if (value === null) return;
      if (!Number.isInteger(value) || (value as number) < 1)
        throw new Error('must be an integer ≥ 1, or null');
    },
    coerce: (value: string) => Number(value),
  },
  'topic-configs': {
    validate(value: unknown) {
      if (
        !Array.isArray(value) ||
        value.some((v) => typeof v !== 'string' || !/^[a-z0-9._-]+=.*$/.test(v))
      ) {
        throw new Error(
          'must be a list of \'name=value\' strings, e.g. ["cleanup.policy=compact"]',
        );
      }
    },
  },
  'optional-string': {
    validate(value: unknown) {
      if (value === null) return;
      if (typeof value !== 'string' || value.trim() === '')
        throw new Error('must be a non-empty string, or null');
    },
  },
  // Checked at load, so a wrong path stops the worker with exit 2 instead of failing later.
  'optional-file': {
    validate(value: unknown) {
      if (value === null) return;
      if (typeof value !== 'string' || value.trim() === '')
        throw new Error('must be a file path, or null');
      try {
        accessSync(value, constants.R_OK);
      } catch (err) {
        throw new Error(`cannot read ${value} (${(err as NodeJS.ErrnoException).code})`);
      }
    },
  },
  // Only true and false (and their env-var spellings), never "any string is true".
  'strict-boolean': {
    validate(value: unknown) {
      if (typeof value !== 'boolean') throw new Error('must be true or false');
    },
    coerce: (value: string) => (value === 'true' ? true : value === 'false' ? false : value),
  },
  'name-value-list': {
    validate(value: unknown) {
      if (
        !Array.isArray(value) ||
        value.some((v) => typeof v !== 'string' || !/^[^=\s]+=.*$/.test(v))
      )
        throw new Error("must be a list of 'name=value' strings");
    },
    coerce: (value: string) =>
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
  },
  // A table → initSync.mode map: checked per entry, so the problem names the table.
  'mode-overrides': {
    validate(value: unknown) {
      if (value === null || typeof value !== 'object' || Array.isArray(value))
        throw new Error("must be an object of table name → 'initial' | 'never' | 'initial_only'");
      for (const [table, mode] of Object.entries(value)) {
        if (!['initial', 'never', 'initial_only'].includes(mode as string))
          throw new Error(
            `table ${JSON.stringify(table)}: must be one of "initial", "never", "initial_only"`,
          );
      }
    },
  },
  fraction: {
    validate(value: unknown) {
      if (typeof value !== 'number' || !(value > 0 && value <= 1))
        throw new Error('must be a number in (0, 1]');
    },
    coerce: (value: string) => Number(value),
  },
});

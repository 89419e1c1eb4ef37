import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMetrics, METRIC_PREFIX } from '../../src/observability/metrics.js';

// The dashboard and the metrics reference name metrics by hand: checked against the registry,
// so a metric renamed or removed in metrics.ts fails here rather than in someone's Grafana.
const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

interface Target {
  expr?: string;
}
interface Panel {
  type: string;
  title?: string;
  targets?: Target[];
  panels?: Panel[];
  datasource?: { uid?: string };
}

const dashboard = JSON.parse(read('docs/grafana/dynamodb-kafka-connect.json')) as {
  schemaVersion: number;
  panels: Panel[];
  templating: { list: { name: string; type: string; multi?: boolean; includeAll?: boolean }[] };
};
const panels = dashboard.panels
  .flatMap((p) => [p, ...(p.panels ?? [])])
  .filter((p) => p.type !== 'row');
const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr ?? ''));

/** Metric names and types, from the `# TYPE <name> <type>` lines of the real exposition. */
async function exposedTypes(): Promise<Map<string, string>> {
  const { text } = await createMetrics('test').exposition();
  const types = new Map<string, string>();
  for (const [, name, type] of text.matchAll(/^# TYPE (\S+) (\S+)$/gm))
    types.set(name as string, type as string);
  return types;
}

/** The series name `name` reads: itself, or the histogram (or summary) it is a part of. */
function exposedAs(name: string, types: Map<string, string>): string | undefined {
  if (types.has(name)) return name;
  const part = /^(.+)_(bucket|sum|count)$/.exec(name);
  const base = part?.[1];
  if (base && (types.get(base) === 'histogram' || types.get(base) === 'summary')) return base;
  return undefined;
}

const NAME = new RegExp(`\\b${METRIC_PREFIX}\\w+`, 'g');
const namesIn = (text: string) => [...new Set(text.match(NAME) ?? [])];
const isProcessMetric = (name: string) =>
  name.startsWith(`${METRIC_PREFIX}process_`) || name.startsWith(`${METRIC_PREFIX}nodejs_`);
/** Metrics with no `table` label: a table filter would match nothing. */
const WITHOUT_TABLE = new Set(
  ['tables_ineligible', 'discovery_failures_total'].map((n) => METRIC_PREFIX + n),
);

describe('the metrics registry', () => {
  it('has a # TYPE line for every metric, observed or not', async () => {
    const { text } = await createMetrics('test').exposition();
    // Labelled histograms and counters have no series before their first observation.
    expect(text).not.toMatch(/^dynamodb_kafka_connect_kafka_produce_duration_seconds_bucket/m);
    expect(text).not.toMatch(/^dynamodb_kafka_connect_records_written_total/m);
    expect(text).toMatch(
      /^# TYPE dynamodb_kafka_connect_kafka_produce_duration_seconds histogram$/m,
    );
    expect(text).toMatch(/^# TYPE dynamodb_kafka_connect_records_written_total counter$/m);
  });
});

describe('docs/grafana/dynamodb-kafka-connect.json', () => {
  it('is a schema 39 dashboard with a Prometheus data source and connector/table variables', () => {
    expect(dashboard.schemaVersion).toBe(39);
    const vars = new Map(dashboard.templating.list.map((v) => [v.name, v]));
    expect(vars.get('datasource')?.type).toBe('datasource');
    for (const name of ['connector', 'table']) {
      expect(vars.get(name)).toMatchObject({ type: 'query', multi: true, includeAll: true });
    }
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Grafana's variable syntax
    const uid = '${datasource}';
    for (const p of panels) expect(p.datasource?.uid, p.title).toBe(uid);
  });

  it('gives every panel a title and at least one query', () => {
    expect(panels.length).toBeGreaterThan(10);
    for (const p of panels) {
      expect(p.title, JSON.stringify(p).slice(0, 80)).toBeTruthy();
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets ?? []) expect(t.expr?.trim(), p.title).toBeTruthy();
    }
  });

  it('queries only metrics the worker exposes', async () => {
    const types = await exposedTypes();
    const referenced = namesIn(exprs.join('\n'));
    expect(referenced.length).toBeGreaterThan(10);
    const unknown = referenced.filter((name) => exposedAs(name, types) === undefined);
    expect(unknown).toEqual([]);
  });

  it('filters every selector by $connector, and by $table where the metric has a table', () => {
    for (const expr of exprs) {
      for (const [, name, labels] of expr.matchAll(
        new RegExp(`\\b(${METRIC_PREFIX}\\w+)(?:\\{([^}]*)\\})?`, 'g'),
      )) {
        expect(labels ?? '', `${name} in ${expr}`).toContain('connector=~"$connector"');
        const tableless = isProcessMetric(name as string) || WITHOUT_TABLE.has(name as string);
        if (!tableless) expect(labels, `${name} in ${expr}`).toContain('table=~"$table"');
      }
    }
  });
});

describe('docs/METRICS.md', () => {
  const doc = read('docs/METRICS.md');

  it('describes every metric of the registry', async () => {
    const types = await exposedTypes();
    const own = [...types.keys()].filter((name) => !isProcessMetric(name));
    expect(own.length).toBeGreaterThan(10);
    const missing = own.filter((name) => !new RegExp(`\\b${name}\\b`).test(doc));
    expect(missing).toEqual([]);
  });

  it('names no metric the registry lacks', async () => {
    const types = await exposedTypes();
    const unknown = namesIn(doc).filter((name) => exposedAs(name, types) === undefined);
    expect(unknown).toEqual([]);
  });
});

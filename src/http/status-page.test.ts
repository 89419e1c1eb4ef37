import { Script } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { STATUS_PAGE_HTML } from './status-page.js';

describe('STATUS_PAGE_HTML', () => {
  it('is one self-contained page: no external scripts, styles, fonts or links', () => {
    expect(STATUS_PAGE_HTML).toMatch(/^<!doctype html>/);
    expect(STATUS_PAGE_HTML).not.toMatch(/\b(src|href)\s*=/i);
    expect(STATUS_PAGE_HTML).not.toMatch(/https?:|["'(]\/\//i);
    expect(STATUS_PAGE_HTML).not.toMatch(/@import|url\(/i);
    expect(STATUS_PAGE_HTML).not.toMatch(/<link\b/i);
    expect(STATUS_PAGE_HTML.match(/<script>/g)).toHaveLength(1);
  });

  it('has an inline script that parses', () => {
    const script = /<script>([\s\S]*)<\/script>/.exec(STATUS_PAGE_HTML)?.[1] ?? '';
    expect(script.length).toBeGreaterThan(1000);
    expect(() => new Script(script)).not.toThrow();
  });

  it('reads only the REST API it documents', () => {
    const fetched = [...STATUS_PAGE_HTML.matchAll(/api\('([^']+)'/g)].map((m) => m[1]);
    expect(fetched).toEqual(['/connectors', '/connectors/']);
    expect(STATUS_PAGE_HTML).toContain("+ '/status'");
  });

  it('is accessible: language, title, table headers, a live update time', () => {
    expect(STATUS_PAGE_HTML).toContain('<html lang="en">');
    expect(STATUS_PAGE_HTML).toMatch(/<title>[^<]+<\/title>/);
    expect(STATUS_PAGE_HTML).toContain('<caption>Tables</caption>');
    expect(STATUS_PAGE_HTML.match(/<th scope="col">/g)?.length).toBeGreaterThanOrEqual(10);
    expect(STATUS_PAGE_HTML).toMatch(/aria-live="polite">[^<]*<time data-field="updated">/);
  });

  it('gives the hooks the browser tests find things by', () => {
    for (const hook of [
      'row.dataset.table = t.table',
      'row.dataset.ineligible = i.table',
      "bar.dataset.field = 'progress-bar'",
      'bar.max = 100',
      "cell(row, 'reason', i.reason)",
    ]) {
      expect(STATUS_PAGE_HTML).toContain(hook);
    }
    for (const field of ['state', 'phase', 'region', 'progress', 'eta', 'lag', 'shards', 'error']) {
      expect(STATUS_PAGE_HTML).toMatch(new RegExp(`cell\\(row, '${field}'`));
    }
  });

  it('writes data only as text, and asks for a token when the API answers 401', () => {
    expect(STATUS_PAGE_HTML).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(STATUS_PAGE_HTML).toContain('res.status === 401');
    expect(STATUS_PAGE_HTML).toContain("Authorization: 'Bearer ' + token");
    expect(STATUS_PAGE_HTML).toContain('sessionStorage.setItem(TOKEN_KEY');
  });
});

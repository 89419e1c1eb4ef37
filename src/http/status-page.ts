/**
 * The status page (GET /ui): one self-contained HTML file, no build step and no external assets,
 * so it works on a worker without internet access. It holds no data itself (it is served without
 * auth) and reads everything from the REST API every 2 s, with the bearer token when the API
 * asks for one. The inline script avoids backticks: this file is itself a template literal.
 * Tests find things by the data-table, data-ineligible and data-field attributes.
 */
export const STATUS_PAGE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>dynamodb-kafka-connect status</title>
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; background: #fff; }
  h1 { font-size: 1.3rem; margin: 0 0 0.25rem; }
  table { border-collapse: collapse; margin: 1rem 0 2rem; min-width: 60%; }
  caption { text-align: left; font-weight: 600; padding-bottom: 0.4rem; }
  th, td { text-align: left; padding: 0.3rem 0.7rem; border-bottom: 1px solid #ddd; vertical-align: top; }
  thead th { background: #f3f3f3; }
  [data-field="state"], [data-field="phase"], [data-field="eta"], [data-field="lag"] { white-space: nowrap; }
  progress { width: 9rem; vertical-align: middle; }
  .error { color: #a4000f; white-space: pre-wrap; max-width: 40rem; }
  .stale main { opacity: 0.55; }
  #problem { color: #a4000f; font-weight: 600; }
  form { margin: 1rem 0; padding: 0.8rem; border: 1px solid #ccc; max-width: 30rem; }
</style>
</head>
<body>
<header>
  <h1>dynamodb-kafka-connect <span id="connector"></span></h1>
  <p aria-live="polite">Last update: <time data-field="updated">never</time>
    <span id="problem" hidden></span></p>
</header>
<form id="auth" hidden>
  <p id="auth-why">The worker asks for a bearer token.</p>
  <label>Token <input id="token" type="password" autocomplete="off" required></label>
  <button type="submit">Use token</button>
</form>
<main>
  <table>
    <caption>Tables</caption>
    <thead><tr>
      <th scope="col">Table</th><th scope="col">State</th><th scope="col">Phase</th><th scope="col">Region</th>
      <th scope="col">Snapshot progress</th><th scope="col">ETA</th><th scope="col">Lag</th>
      <th scope="col">Shards</th><th scope="col">Last error</th>
    </tr></thead>
    <tbody id="tasks"><tr><td colspan="8">Loading…</td></tr></tbody>
  </table>
  <table>
    <caption>Ineligible tables (found, not copied)</caption>
    <thead><tr><th scope="col">Table</th><th scope="col">Reason</th></tr></thead>
    <tbody id="ineligible"></tbody>
  </table>
</main>
<script>
'use strict';
const REFRESH_MS = 2000;
const TOKEN_KEY = 'dkc-status-token';
const $ = (id) => document.getElementById(id);

// A #token=... link (e.g. printed for an operator) is taken once and then dropped from the
// address bar, so it does not end up in bookmarks or screenshots.
const fragment = new URLSearchParams(location.hash.slice(1)).get('token');
if (fragment) {
  sessionStorage.setItem(TOKEN_KEY, fragment);
  history.replaceState(null, '', location.pathname + location.search);
}

class AuthNeeded extends Error {}

async function api(path) {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const res = await fetch(path, {
    headers: token ? { Authorization: 'Bearer ' + token } : {},
    cache: 'no-store',
    // A worker that hangs must show as unreachable, not leave the page waiting.
    signal: AbortSignal.timeout(5000),
  });
  if (res.status === 401) throw new AuthNeeded(token ? 'the token was refused' : 'no token');
  if (!res.ok) throw new Error(path + ' answered HTTP ' + res.status);
  return res.json();
}

const has = (v) => v !== null && v !== undefined;

function duration(ms) {
  if (!has(ms)) return '';
  if (ms < 1000) return Math.round(ms) + ' ms';
  const s = Math.round(ms / 1000);
  if (ms < 10_000) return (ms / 1000).toFixed(1) + ' s';
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
}

const count = (n) => (has(n) ? n.toLocaleString('en') : '?');

function cell(row, field, text, className) {
  const td = row.insertCell();
  if (field) td.dataset.field = field;
  if (className) td.className = className;
  td.textContent = has(text) ? String(text) : '';
  return td;
}

function progressCell(row, t) {
  const td = cell(row, 'progress', '');
  const s = t.init_sync;
  if (t.phase !== 'INIT_SYNC' || !s) return;
  const bar = document.createElement('progress');
  bar.dataset.field = 'progress-bar';
  bar.max = 100;
  // Without a percent the bar stays indeterminate rather than claiming 0.
  if (has(s.percent)) bar.value = s.percent;
  bar.setAttribute('aria-label', 'snapshot progress of ' + t.table);
  const pct = has(s.percent) ? s.percent.toFixed(1) + ' %, ' : '';
  const total = has(s.approximate_total) ? ' of ~' + count(s.approximate_total) : '';
  td.append(bar, ' ' + pct + count(s.items) + total + ' items');
}

function problemOf(t) {
  if (t.error) return t.error;
  if (t.trace) return t.trace;
  if (!t.stall) return '';
  const where = t.stall.shard_id ? ' on ' + t.stall.shard_id : '';
  return 'stalled (' + t.stall.reason + where + ') for ' + duration(t.stall.for_ms);
}

function taskRow(body, t) {
  const row = body.insertRow();
  row.dataset.table = t.table;
  const th = document.createElement('th');
  th.scope = 'row';
  th.textContent = t.table;
  row.append(th);
  cell(row, 'state', t.state);
  cell(row, 'phase', t.phase ?? '');
  cell(row, 'region', t.region ?? '');
  progressCell(row, t);
  const init = t.phase === 'INIT_SYNC' ? t.init_sync : null;
  cell(row, 'eta', init && has(init.eta_s) ? duration(init.eta_s * 1000) : '');
  const sync = t.phase === 'SYNC' ? t.sync : null;
  const lag = cell(row, 'lag', sync ? duration(sync.millis_behind_source) : '');
  if (sync && has(sync.last_event_ms)) {
    lag.title = 'last change at ' + new Date(sync.last_event_ms).toLocaleString();
  }
  cell(row, 'shards', sync ? sync.shards_active : '');
  cell(row, 'error', problemOf(t), 'error');
}

function render(status) {
  $('connector').textContent =
    '· ' + status.name + ' (' + status.connector.state + ' on ' + status.connector.worker_id + ')';
  const tasks = $('tasks');
  tasks.replaceChildren();
  for (const t of status.tasks) taskRow(tasks, t);
  if (status.tasks.length === 0) cell(tasks.insertRow(), null, 'No tables yet.').colSpan = 8;
  const inel = $('ineligible');
  inel.replaceChildren();
  for (const i of status.ineligible) {
    const row = inel.insertRow();
    row.dataset.ineligible = i.table;
    cell(row, 'table', i.table);
    cell(row, 'reason', i.reason);
  }
  if (status.ineligible.length === 0) cell(inel.insertRow(), null, 'None.').colSpan = 2;
}

function showProblem(text) {
  $('problem').hidden = !text;
  $('problem').textContent = text;
  document.body.classList.toggle('stale', Boolean(text));
}

async function refresh() {
  try {
    const names = await api('/connectors');
    const status = await api('/connectors/' + encodeURIComponent(names[0]) + '/status');
    render(status);
    const now = new Date();
    const updated = document.querySelector('[data-field="updated"]');
    updated.dateTime = now.toISOString();
    updated.textContent = now.toLocaleTimeString();
    $('auth').hidden = true;
    showProblem('');
  } catch (err) {
    if (err instanceof AuthNeeded) {
      $('auth-why').textContent = 'The worker asks for a bearer token (' + err.message + ').';
      $('auth').hidden = false;
      showProblem('Not authorized: the data shown (if any) is stale.');
    } else {
      showProblem('Worker unreachable (' + err.message + '): the data shown is stale.');
    }
  } finally {
    // One request chain at a time: a slow worker never gets overlapping refreshes.
    setTimeout(refresh, REFRESH_MS);
  }
}

$('auth').addEventListener('submit', (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
  $('token').value = '';
  $('auth').hidden = true;
});

refresh();
</script>
</body>
</html>
`;

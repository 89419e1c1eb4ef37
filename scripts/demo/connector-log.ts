/** Which of the connector's JSON log lines the demo shows, and how: its lifecycle, and trouble. */
import type { Palette } from './console.js';
import { parseObject } from './json.js';

/** Lifecycle messages worth showing; warnings and errors are always shown. */
const LIFECYCLE = new Set([
  'worker started',
  'task started',
  'init sync started',
  'stream cut: the snapshot starts',
  'init sync done',
  'phase changed',
  'sync caught up',
  'resync',
  'shutdown requested',
  'task stopped',
  'task failed',
  'worker stopped',
]);
const HIDDEN_FIELDS = new Set(['level', 'message', 'timestamp', 'connector', 'table', 'counters']);

export interface ConnectorLogLine {
  /** What to print after the `[connector]` tag; absent for a line the demo hides. */
  text?: string;
  /** The phase the task entered, from a `phase changed` entry. */
  phase?: string;
  /** The status page's address, from the `http listening` entry. */
  statusPage?: string;
}

export function connectorLogLine(raw: string, colors: Palette): ConnectorLogLine {
  const entry = parseObject(raw);
  // Not a log entry (a crash trace, say): show it as it is.
  if (!entry) return { text: raw };
  const message = String(entry.message ?? '');
  const level = String(entry.level ?? 'info');
  const phase = message === 'phase changed' ? String(entry.to) : undefined;
  if (message === 'http listening') {
    const statusPage = `http://${entry.host}:${entry.port}/ui`;
    return { text: `status page ${colors.bold(statusPage)}`, statusPage };
  }
  // The Kafka client's own retries are answers it retries by itself (e.g. "coordinator is
  // loading" right after Kafka starts); real trouble reaches the connector's own logs.
  const important = level === 'error' || (level === 'warn' && entry.component !== 'kafka');
  if (!LIFECYCLE.has(message) && !important) return {};

  let text: string;
  if (phase !== undefined) {
    text = `phase changed: ${entry.from ?? '(start)'} → ${colors.bold(phase)}`;
  } else {
    const fields = Object.entries(entry)
      .filter(([k, v]) => !HIDDEN_FIELDS.has(k) && v !== undefined)
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    text = fields ? `${message} ${colors.dim(fields)}` : message;
  }
  if (level === 'error') text = colors.red(`${level}: ${text}`);
  else if (level === 'warn') text = colors.yellow(`${level}: ${text}`);
  return { text, phase };
}

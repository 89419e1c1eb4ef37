/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`, e.g. `npm run bench -- --profile`):
 * the functions with the most self time, and self time per package, which is where a fix
 * would pay off; with function names after the file, also the time spent inside each of them
 * (callees included). Usage: tsx bench/cpu-profile.ts <file.cpuprofile> [function ...]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** Where a frame's code lives: a package, the connector's own dist/, Node itself, or V8. */
export function packageOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.includes('/dist/')) return 'connector (dist/)';
  if (url.startsWith('node:')) return 'node internals';
  return url;
}

/** Self time per function and per package, from the sample timeline. */
export function summarise(profile: Profile): {
  functions: SelfTime[];
  packages: SelfTime[];
  totalMs: number;
} {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const fn = new Map<string, number>();
  const pkg = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    total += ms;
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/');
    const name =
      `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
    fn.set(name, (fn.get(name) ?? 0) + ms);
    const p = packageOf(url, functionName);
    pkg.set(p, (pkg.get(p) ?? 0) + ms);
  });
  const sorted = (m: Map<string, number>) =>
    [...m.entries()]
      .map(([name, ms]) => ({ name, ms, share: total > 0 ? ms / total : 0 }))
      .sort((a, b) => b.ms - a.ms);
  return { functions: sorted(fn), packages: sorted(pkg), totalMs: total };
}

/**
 * Time with each function anywhere on the stack (itself and everything it called), ms: where
 * a layer's whole cost shows, e.g. the SDK's response parsing or the record encoding.
 */
export function inclusiveTimes(profile: Profile): Map<string, number> {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const stacks = new Map<number, Set<string>>();
  const stackOf = (id: number): Set<string> => {
    const known = stacks.get(id);
    if (known) return known;
    const up = parent.get(id);
    const names = new Set(up === undefined ? [] : stackOf(up));
    const name = byId.get(id)?.callFrame.functionName;
    if (name) names.add(name);
    stacks.set(id, names);
    return names;
  };
  const times = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    for (const name of stackOf(id)) times.set(name, (times.get(name) ?? 0) + ms);
  });
  return times;
}

if (process.argv[1]?.endsWith('cpu-profile.ts')) {
  const [file, ...names] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx bench/cpu-profile.ts <file.cpuprofile> [function ...]');
    process.exit(2);
  }
  const top = 25;
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const { functions, packages, totalMs } = summarise(profile);
  const busyMs = totalMs - (packages.find((p) => p.name === '(idle)')?.ms ?? 0);
  const line = (s: SelfTime) =>
    `${(s.share * 100).toFixed(1).padStart(5)} %  ${s.ms.toFixed(0).padStart(7)} ms  ${s.name}`;
  console.log(`${file}: ${(totalMs / 1000).toFixed(1)} s sampled\n\nself time by package`);
  for (const p of packages.slice(0, 15)) console.log(line(p));
  console.log(`\nself time by function (top ${top})`);
  for (const f of functions.slice(0, top)) console.log(line(f));
  const inclusive = inclusiveTimes(profile);
  const share = (ms: number) => `${((ms / busyMs) * 100).toFixed(1).padStart(5)} %`;
  console.log('\ninclusive time (callees included), share of busy (non-idle) time');
  // Roots and the event loop's own frames sit under everything; they would crowd the list.
  const trivial = (n: string) =>
    n.startsWith('(') || n === 'processTicksAndRejections' || n === 'runMicrotasks';
  const shown = names.length > 0 ? names : [...inclusive.keys()].filter((n) => !trivial(n));
  const rows = shown
    .map((name) => ({ name, ms: inclusive.get(name) ?? 0 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, names.length > 0 ? names.length : top);
  for (const r of rows) console.log(`${share(r.ms)}  ${r.ms.toFixed(0).padStart(7)} ms  ${r.name}`);
}

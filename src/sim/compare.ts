// `gossiplab compare A B`: two stored runs side by side, from their results.json
// (and the run line of their history, for context): detection latency, false
// positives, convergence, dissemination and load, with B/A ratios and the
// differences stated in words. Reads only the run directories; pure otherwise.

import { existsSync, openSync, readFileSync, readSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from '../errors.js';

export interface CompareRow { metric: string; a: number | string | null; b: number | string | null; ratio: number | null; note: string }

interface Metric { checker: string; key: string; label: string; unit: string; lower: boolean }

/** What is compared; `lower`: a smaller value is better. */
const METRICS: readonly Metric[] = [
  { checker: 'detection', key: 'medianFirstSuspicion', label: 'median crash-to-first-suspicion', unit: 's', lower: true },
  { checker: 'detection', key: 'meanFirstSuspicion', label: 'mean crash-to-first-suspicion', unit: 's', lower: true },
  { checker: 'detection', key: 'meanFirstDead', label: 'mean crash-to-first-dead', unit: 's', lower: true },
  { checker: 'detection', key: 'meanAllDead', label: 'mean crash-to-all-dead', unit: 's', lower: true },
  { checker: 'eviction', key: 'worstAllDead', label: 'worst crash-to-all-dead', unit: 's', lower: true },
  { checker: 'false-positives', key: 'falseSuspicions', label: 'false suspicions of healthy members', unit: '', lower: true },
  { checker: 'false-positives', key: 'falseDeaths', label: 'false deaths of healthy members', unit: '', lower: true },
  { checker: 'false-positives', key: 'falseSuspicionsPerNodeHour', label: 'false suspicions per node-hour', unit: '/node-h', lower: true },
  { checker: 'false-positives', key: 'degradedSuspicions', label: 'suspicions of degraded members', unit: '', lower: true },
  { checker: 'convergence', key: 'convergedAfter', label: 'convergence after the last heal', unit: 's', lower: true },
  { checker: 'dissemination', key: 'meanRounds', label: 'dissemination rounds', unit: 'rounds', lower: true },
  { checker: 'dissemination', key: 'worstAllAfter', label: 'update reached everyone after', unit: 's', lower: true },
  { checker: 'incarnation', key: 'meanRefutation', label: 'mean refutation time', unit: 's', lower: true },
  { checker: 'flapping', key: 'totalToggles', label: 'view toggles', unit: '', lower: true },
  { checker: 'load', key: 'clusterMeanBytesPerSec', label: 'mean bytes sent per node', unit: 'B/s', lower: true },
  { checker: 'load', key: 'maxIntervalBytesPerSec', label: 'peak bytes sent by a node', unit: 'B/s', lower: true },
  { checker: 'load', key: 'meanMsgsPerSec', label: 'mean messages sent per node', unit: 'msg/s', lower: true },
];

interface Results { valid: unknown; results: Record<string, { valid: unknown; metrics: Record<string, unknown> }> }

/** How far apart (|B-A|/A) the detection-latency medians of a Docker and a simulated run may be and still agree. */
export const DETECTION_AGREEMENT = 0.25;

function load(dir: string): { results: Results; run: Record<string, unknown> | undefined } {
  const path = join(dir, 'results.json');
  if (!existsSync(path)) throw new LabError('GOSSIPLAB_NO_RUN', `${dir}: expected a run directory with results.json (run \`gossiplab check ${dir}\` first), found none`);
  const results = JSON.parse(readFileSync(path, 'utf8')) as Results;
  return { results, run: firstLine(join(dir, 'history.jsonl')) };
}

/** The `run` event (line 1) without reading a large history whole. */
function firstLine(path: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString('utf8');
    const nl = text.indexOf('\n');
    return JSON.parse(nl < 0 ? text : text.slice(0, nl)) as Record<string, unknown>;
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

function describeRun(run: Record<string, unknown> | undefined): string {
  if (!run) return 'no history';
  const n = (run.config as { cluster?: { nodes?: number } } | undefined)?.cluster?.nodes ?? (run.nodes as unknown[] | undefined)?.length;
  return `${String(run.scenario)}, ${String(run.runtime)}, ${String(n)} nodes, seed ${String(run.seed)}`;
}

export function compareRuns(dirA: string, dirB: string): { rows: CompareRow[]; text: string } {
  const A = load(dirA);
  const B = load(dirB);
  const rows: CompareRow[] = [{ metric: 'verdict', a: String(A.results.valid), b: String(B.results.valid), ratio: null, note: A.results.valid === B.results.valid ? 'same verdict' : 'the verdicts differ' }];
  for (const m of METRICS) {
    const a = num(A.results.results[m.checker]?.metrics[m.key]);
    const b = num(B.results.results[m.checker]?.metrics[m.key]);
    if (a === null && b === null) continue;
    const ratio = a !== null && b !== null && a !== 0 ? Math.round((b / a) * 1000) / 1000 : null;
    rows.push({ metric: `${m.checker}.${m.key}`, a, b, ratio, note: noteFor(m, a, b, ratio) });
  }
  const width = Math.max(...rows.map((r) => r.metric.length));
  const fmt = (v: number | string | null): string => (v === null ? '-' : String(v));
  const lines = [
    `A: ${dirA} (${describeRun(A.run)})`,
    `B: ${dirB} (${describeRun(B.run)})`,
    '',
    `${'metric'.padEnd(width)}  ${'A'.padStart(12)}  ${'B'.padStart(12)}  ${'B/A'.padStart(7)}  note`,
    ...rows.map((r) => `${r.metric.padEnd(width)}  ${fmt(r.a).padStart(12)}  ${fmt(r.b).padStart(12)}  ${(r.ratio === null ? '-' : `${r.ratio}`).padStart(7)}  ${r.note}`),
  ];
  const diffs = rows.filter((r) => (r.metric === 'verdict' ? r.a !== r.b : r.note !== 'same' && !r.note.includes('within 10%')));
  lines.push('', diffs.length === 0 ? 'No material differences.' : `Differences: ${diffs.map((r) => (r.metric === 'verdict' ? `verdict ${String(r.a)} in A, ${String(r.b)} in B` : r.note)).join('; ')}.`);
  lines.push(detectionVerdict(A.results, B.results));
  return { rows, text: lines.join('\n') };
}

interface CrashFigure { node: string; at: number; firstAccusation?: { after: number } | null }

/**
 * The line on whether the detection-latency medians agree within DETECTION_AGREEMENT;
 * when they do not, where the two runs part: each crash's first accusation side by side.
 */
function detectionVerdict(A: Results, B: Results): string {
  const a = num(A.results['detection']?.metrics['medianFirstSuspicion']);
  const b = num(B.results['detection']?.metrics['medianFirstSuspicion']);
  if (a === null || b === null) {
    const missing = [a === null ? 'A' : '', b === null ? 'B' : ''].filter(Boolean).join(' and ');
    return `Detection latency: no median crash-to-first-suspicion in ${missing} (no crash detected), so the runs cannot be compared on it.`;
  }
  const gap = a === 0 ? (b === 0 ? 0 : Infinity) : Math.abs(b - a) / a;
  const head = `Detection latency: median crash-to-first-suspicion ${a} s in A, ${b} s in B (${pct(gap)} apart)`;
  if (gap <= DETECTION_AGREEMENT) return `${head}: they agree within ${pct(DETECTION_AGREEMENT)}.`;
  const crashes = (r: Results): CrashFigure[] => (r.results['detection']?.metrics['crashes'] as CrashFigure[] | undefined) ?? [];
  const inB = new Map(crashes(B).map((c) => [c.node, c]));
  const parts = crashes(A).map((c) => {
    const o = inB.get(c.node);
    const after = (f: CrashFigure | undefined): string => (!f ? 'not crashed' : f.firstAccusation ? `${f.firstAccusation.after} s` : 'never');
    return `${c.node} ${after(c)} vs ${after(o)}`;
  });
  return `${head}: they differ by more than ${pct(DETECTION_AGREEMENT)}; crash by crash (A vs B, first accusation): ${parts.join(', ') || 'no crash figures'}.`;
}

function pct(x: number): string {
  return x === Infinity ? 'infinitely' : `${Math.round(x * 100)}%`;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function noteFor(m: Metric, a: number | null, b: number | null, ratio: number | null): string {
  if (a === null) return `${m.label}: only B measured it`;
  if (b === null) return `${m.label}: only A measured it`;
  if (a === b) return 'same';
  const better = (b < a) === m.lower ? 'better' : 'worse';
  const unit = m.unit ? ` ${m.unit}` : '';
  if (b === 0) return `${m.label}: ${a}${unit} in A, none in B (${better} in B)`;
  if (ratio === null) return `${m.label}: ${a}${unit} in A, ${b}${unit} in B (${better} in B)`;
  if (Math.abs(ratio - 1) < 0.1) return `${m.label}: within 10% (${better} in B)`;
  return `${m.label}: ${ratio >= 1 ? `${ratio}x` : `${Math.round((1 / ratio) * 100) / 100}x lower`} in B (${better})`;
}

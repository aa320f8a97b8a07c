// Everything the report derives from a history, computed once per render and
// shared by every section, chart and PNG: the run event, ground truth, views,
// skipped faults and harness notes. A history whose truth cannot be derived
// still gets a report (with the error shown), never an exception.

import type { EventOf, HistoryEvent } from '../src/history/types.js';
import type { CheckerResult, Validity } from '../checkers/types.js';
import { composeValidity } from '../checkers/compose.js';
import { buildTruth, type Truth } from '../checkers/truth.js';
import { buildViews, type Views } from '../checkers/views.js';

export interface SkippedFault { id: string; kind: string; targets: string[]; reason: string; t: number; line: number }
export interface NoteLine { level: 'info' | 'warn' | 'error'; message: string; node?: string; t: number; line: number }

export interface ReportModel {
  events: readonly HistoryEvent[];
  results: Record<string, CheckerResult>;
  valid: Validity;
  run?: EventOf<'run'>;
  truth: Truth;
  views: Views;
  /** Set when the ground truth could not be derived (the report then shows no lifecycle). */
  truthError?: string;
  skipped: SkippedFault[];
  notes: NoteLine[];
  /** The run's protocol parameters, when the run event carries them. */
  params?: Record<string, unknown>;
}

export function buildModel(events: readonly HistoryEvent[], results: Record<string, CheckerResult>, valid?: Validity): ReportModel {
  let truth: Truth;
  let truthError: string | undefined;
  try {
    truth = buildTruth(events);
  } catch (e) {
    truth = buildTruth([]);
    truthError = (e as Error).message;
  }
  const runEvent = events.find((e) => e.type === 'run');
  const run = runEvent?.type === 'run' ? runEvent : undefined;
  const skipped: SkippedFault[] = [];
  const notes: NoteLine[] = [];
  events.forEach((e, i) => {
    if (e.type === 'fault' && e.phase === 'start' && e.skipped) {
      skipped.push({ id: e.id, kind: e.kind, targets: e.targets, reason: e.skipped, t: e.t, line: i + 1 });
    } else if (e.type === 'note') {
      notes.push({ level: e.level, message: e.message, ...(e.node ? { node: e.node } : {}), t: e.t, line: i + 1 });
    }
  });
  const params = paramsOf(run);
  return {
    events, results, valid: valid ?? composeValidity(Object.values(results).map((r) => r.valid)),
    ...(run ? { run } : {}), truth, views: buildViews(events), ...(truthError ? { truthError } : {}),
    skipped, notes, ...(params ? { params } : {}),
  };
}

function paramsOf(run: EventOf<'run'> | undefined): Record<string, unknown> | undefined {
  const cluster = record(record(run?.config)?.['cluster']);
  return record(cluster?.['params']);
}

/** A plain object, or undefined: for reading untrusted JSON (results.json, run.config). */
export function record(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/** A checker's metrics by name, or an empty object when the checker did not run. */
export function metricsOf(m: ReportModel, checker: string): Record<string, unknown> {
  return m.results[checker]?.metrics ?? {};
}

/** Seconds (3 decimals) from controller ms. */
export const secs = (ms: number): number => Math.round(ms) / 1000;

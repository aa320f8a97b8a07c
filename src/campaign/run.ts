// `gossiplab campaign <file>`: every planned run in Docker, one after another,
// each into the campaign's store directory; then the campaign report, JUnit XML
// and a summary. Progress shows the run count and the time left. Ctrl-C ends the
// current run cleanly and leaves a ledger that `--resume` continues from.

import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import cliProgress from 'cli-progress';
import { loadCampaign } from './schema.js';
import { checkPlan, planCampaign, resolvePlanned, type PlannedRun } from './plan.js';
import { findResumable, newCampaignDir, readState, writeState, type CampaignState } from './state.js';
import { buildCampaignReport } from './report.js';
import { prepareDocker, unsupportedMessage } from '../run/docker-runner.js';
import { storeRoot } from '../paths.js';
import { HostError } from '../errors.js';
import { timestamp } from '../store.js';

export interface CampaignOptions {
  file: string;
  resume?: boolean;
  storeRoot?: string;
  skipUnsupported?: boolean;
  /** Where progress goes (stderr); the JSON summary, if asked for, goes to stdout. */
  log?: (m: string) => void;
}

export interface CampaignOutcome { exitCode: 0 | 1 | 2; dir: string; summary: CampaignSummary }

export interface CampaignSummary {
  name: string;
  dir: string;
  valid: boolean | 'unknown';
  runs: { total: number; valid: number; anomaly: number; unknown: number; skippedAsFinished: number };
  results: { key: string; seed: number; valid: boolean | 'unknown'; dir: string; failed?: string[] }[];
  interrupted: boolean;
}

export async function runCampaign(opts: CampaignOptions): Promise<CampaignOutcome> {
  const log = opts.log ?? ((m: string) => process.stderr.write(m + '\n'));
  const store = opts.storeRoot ?? storeRoot();
  const c = loadCampaign(opts.file);
  const plan = planCampaign(c);
  checkPlan(plan, c.bounds);

  const docker = await prepareDocker(log);
  const unsupported = plan.runs.flatMap((r) => docker.unsupported(resolvePlanned(r, c.bounds)).map((u) => ({ ...u, id: `${r.key}: ${u.id}` })));
  if (unsupported.length && !opts.skipUnsupported) throw new HostError(unsupportedMessage(unsupported.slice(0, 5)));

  const resumed = opts.resume ? findResumable(store, c.name, plan.hash) : undefined;
  if (opts.resume && !resumed) log(`no unfinished campaign "${c.name}" with this plan: starting a new one`);
  const dir = resumed ?? newCampaignDir(store, c.name);
  const state: CampaignState = (resumed && readState(resumed)) || {
    name: c.name, hash: plan.hash, file: opts.file, startedAt: timestamp(), status: 'running', finished: {},
  };
  state.status = 'running';
  writeState(dir, state);
  const todo = plan.runs.filter((r) => !isFinished(dir, state, r));
  const already = plan.runs.length - todo.length;
  log(`campaign ${c.name}: ${plan.runs.length} runs (${plan.configs.length} configurations x ${c.scenarios.length} scenarios x ${c.repetitions ?? 1}), ` +
    `${already ? `${already} already finished, ` : ''}base seed ${c.seed}\n  directory: ${relative(process.cwd(), dir)}`);

  const progress = makeProgress(plan.runs.length, already, log);
  let interrupted = false;
  // A signal between runs stops the campaign before the next one; during a run, the
  // run's own handler heals and tears down first.
  const onSignal = (): void => { interrupted = true; };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  for (const r of todo) {
    if (interrupted) break;
    const s = resolvePlanned(r, c.bounds);
    progress.starting(r);
    const t0 = performance.now();
    const logFile = join(dir, 'campaign.log');
    appendFileSync(logFile, `\n== ${r.key} seed ${r.seed}\n`);
    let finished: CampaignState['finished'][string];
    try {
      const out = await docker.run(s, {
        storeRoot: join(dir, 'runs', r.config.slug),
        log: (m) => appendFileSync(logFile, `${m}\n`),
        handleSignals: true,
      });
      interrupted ||= out.interrupted;
      finished = { dir: relative(dir, out.dir.dir), valid: out.analysis.valid, exitCode: out.analysis.exitCode, seconds: (performance.now() - t0) / 1000 };
    } catch (e) {
      finished = { dir: '', valid: 'unknown', exitCode: 2, seconds: (performance.now() - t0) / 1000, error: (e as Error).message };
      appendFileSync(logFile, `harness error: ${(e as Error).message}\n`);
    }
    if (finished.exitCode === 2 && interrupted) break;
    state.finished[r.key] = finished;
    writeState(dir, state);
    progress.finished(r, finished.valid, finished.seconds);
  }
  progress.stop();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);

  state.status = interrupted ? 'interrupted' : 'done';
  writeState(dir, state);
  const summary = await buildCampaignReport(dir, c, plan, state, already, interrupted);
  if (interrupted) log(`interrupted: ${Object.keys(state.finished).length} of ${plan.runs.length} runs finished. Continue with: gossiplab campaign ${opts.file} --resume`);
  const exitCode = interrupted ? 2 : summary.runs.anomaly > 0 ? 1 : summary.runs.unknown > 0 ? 2 : 0;
  return { exitCode, dir, summary };
}

function isFinished(dir: string, state: CampaignState, r: PlannedRun): boolean {
  const f = state.finished[r.key];
  return !!f && !!f.dir && existsSync(join(dir, f.dir, 'results.json'));
}

/** A bar on a terminal; one line per run elsewhere (CI logs). Both show runs done and the time left. */
function makeProgress(total: number, done: number, log: (m: string) => void) {
  const tty = process.stderr.isTTY;
  const times: number[] = [];
  let count = done;
  const eta = (): string => {
    if (!times.length) return '?';
    const left = (times.reduce((a, b) => a + b, 0) / times.length) * (total - count);
    return left >= 60 ? `${Math.floor(left / 60)}m${String(Math.round(left % 60)).padStart(2, '0')}s` : `${Math.round(left)}s`;
  };
  const bar = tty ? new cliProgress.SingleBar({
    format: '{bar} {value}/{total} runs | time left {left} | {current}', stream: process.stderr, hideCursor: true,
  }, cliProgress.Presets.shades_classic) : undefined;
  bar?.start(total, done, { left: '?', current: '' });
  return {
    starting(r: PlannedRun): void {
      bar?.update(count, { left: eta(), current: `${r.key} (seed ${r.seed})` });
      if (!bar) log(`[${count + 1}/${total}] ${r.key} seed ${r.seed} …`);
    },
    finished(r: PlannedRun, valid: boolean | 'unknown', seconds: number): void {
      times.push(seconds);
      count++;
      const v = valid === true ? 'valid' : valid === false ? 'ANOMALY' : 'unknown';
      bar?.update(count, { left: eta(), current: `${r.key}: ${v}` });
      if (!bar) log(`[${count}/${total}] ${r.key}: ${v} in ${Math.round(seconds)} s, about ${eta()} left`);
    },
    stop(): void { bar?.stop(); },
  };
}

export function readJson<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}


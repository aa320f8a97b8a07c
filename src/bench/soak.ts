// A long fault-free run at scale through the real pipeline (gossiplab run's own
// path), sampled from the host while it runs, then read back from its history:
// lines lost, recorder lag, traffic per node, memory per node, controller and
// engine CPU, and the size and render time of its report.

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DockerLab } from '../runtime/docker/lab.js';
import { ensureNodeImage } from '../runtime/docker/image.js';
import { probeHost } from '../host.js';
import { engineVersion } from '../runtime/docker/engine.js';
import { loadScenario } from '../config/scenario.js';
import { runScenario } from '../run/pipeline.js';
import { assertClusterFits } from '../runtime/docker/preflight.js';
import { readHistory } from '../history/read.js';
import { render } from '../../reports/render.js';
import { LabSampler, type LabSample, type UsageFigures } from './lab-sampler.js';
import { lostLines, phaseAt, recorderLag, statsGaps, statsTraffic } from './history-figures.js';
import { round } from './bringup.js';
import type { Figure } from './figures.js';
import type { NetCounters } from './probes.js';
import type { Validity } from '../../checkers/types.js';

export interface SoakOptions { scenario: string; nodes: number; minutes: number; storeRoot?: string; log?: (m: string) => void }

export async function soak(o: SoakOptions): Promise<{ figures: Figure[]; dir: string }> {
  const log = o.log ?? (() => {});
  const s = loadScenario(o.scenario, { nodes: o.nodes, duration: o.minutes * 60_000 });
  assertClusterFits(s);
  const host = await probeHost();
  const image = await ensureNodeImage(log);
  const at = `N=${o.nodes}`;
  let sampler: LabSampler | undefined;
  let steady: { net?: { nodes: number; perNode: NetCounters }; usage?: UsageFigures; mem?: LabSample } | undefined;
  let doneAt = NaN;
  const onLog = (m: string): void => {
    log(m);
    if (m === 'phase done') doneAt = performance.now();
    if (!sampler) return;
    if (m === 'phase nemesis') {
      sampler.restartUsage();
      sampler.markNet();
      steady = {};
    } else if (m === 'phase heal' && steady) {
      Object.assign(steady, { net: sampler.netSinceMark(), usage: sampler.usage(), mem: sampler.sample() });
      sampler.stop();
    }
  };
  const out = await runScenario({
    scenario: s,
    runtime: async (runId) => {
      sampler = new LabSampler(runId);
      sampler.start();
      return new DockerLab(runId, { image: image.tag, capabilities: { netem: host.netem, tbf: host.tbf, clock: image.hasFaketime, cpu: host.cpuCgroup, leave: true } });
    },
    host: { ...host },
    versions: { node: process.version, docker: (await engineVersion()) ?? 'unknown', image: image.tag },
    log: onLog,
    ...(o.storeRoot ? { storeRoot: o.storeRoot } : {}),
  });
  const analysisMs = performance.now() - doneAt;
  sampler?.stop();
  const dir = out.dir.dir;
  const { events } = readHistory(out.dir.history);
  const lost = lostLines(events);
  const lag = recorderLag(events);
  const from = phaseAt(events, 'nemesis') ?? 0, to = phaseAt(events, 'heal') ?? Infinity;
  const own = statsTraffic(events, from, to);
  const gossiping = recorderLag(events, from, to);
  const f: Figure[] = [
    { name: `soak ${at}: verdict`, value: out.analysis.exitCode, unit: 'exit code', note: `${out.analysis.valid}; ${dir}` },
    { name: `soak ${at}: lines received from nodes`, value: lost.received, unit: 'lines', note: `${o.minutes} min with LAN parameters` },
    { name: `soak ${at}: lines lost`, value: lost.lost, unit: 'lines',
      note: lost.nodesWithLoss.length ? `on ${lost.nodesWithLoss.slice(0, 5).join(', ')}…` : 'gaps in the nodes\' own line numbers (seq)' },
    { name: `soak ${at}: recorder lag p50`, value: round(lag.p50), unit: 'ms', note: 'node printed (ts) -> history append' },
    { name: `soak ${at}: recorder lag p99`, value: round(lag.p99), unit: 'ms', note: `max ${round(lag.max)} ms, the whole run, its start included; target p99 < 1000 ms` },
    { name: `soak ${at}: recorder lag p99 while gossiping`, value: round(gossiping.p99), unit: 'ms',
      note: `median ${round(gossiping.p50)} ms, max ${round(gossiping.max)} ms: the ${o.minutes} min of the fault phase, after the cluster's start; target p99 < 1000 ms` },
  ];
  const mem = steady?.mem, peak = sampler?.peakSample;
  if (mem) {
    f.push({ name: `memory ${at}: per node, anonymous (median)`, value: round(mem.anonMiB.p50), unit: 'MiB',
      note: `at the end of the fault phase, max ${round(mem.anonMiB.max)} MiB; highest seen ${round(peak?.anonMiB.max ?? NaN)} MiB; target <= 40 MB` });
    f.push({ name: `memory ${at}: per node, cgroup usage (median)`, value: round(mem.usageMiB.p50), unit: 'MiB', note: `max ${round(mem.usageMiB.max)} MiB; page cache included` });
  }
  if (steady?.usage) {
    f.push({ name: `controller ${at}: CPU while gossiping`, value: round(steady.usage.controllerCpuPct, 1), unit: '% of a core' });
    f.push({ name: `controller ${at}: peak resident memory`, value: round(steady.usage.controllerPeakRssMiB, 0), unit: 'MiB' });
    f.push({ name: `dockerd ${at}: CPU while gossiping`, value: round(steady.usage.dockerdCpuPct, 1), unit: '% of a core' });
    f.push({ name: `nodes ${at}: CPU while gossiping`, value: round(steady.usage.nodesCpuPct, 1), unit: '% of a core',
      note: `all ${steady.usage.nodesMeasured} node processes together, ${round(steady.usage.nodesCpuPct / Math.max(1, steady.usage.nodesMeasured), 2)} % each` });
    f.push({ name: `machine ${at}: CPU busy while gossiping`, value: round(steady.usage.machineBusyPct, 1), unit: '% of all cores',
      note: `busiest 5 s: ${round(steady.usage.machineBusiestPct, 1)} %` });
  }
  if (steady?.net?.nodes) {
    const net = steady.net.perNode;
    f.push({ name: `traffic ${at}: sent per node (wire)`, value: round(net.txBytes), unit: 'B/s', note: `kernel interface counters of ${steady.net.nodes} nodes, IP/UDP/Ethernet headers included` });
    f.push({ name: `traffic ${at}: packets per node (wire)`, value: round(net.txPackets), unit: 'pkt/s' });
  }
  const gaps = statsGaps(events, from, to);
  const interval = s.cluster.params.statsInterval;
  f.push({ name: `nodes ${at}: gap between a node's stats lines p99`, value: round(gaps.p99), unit: 'ms',
    note: `max ${round(gaps.max)} ms, median ${round(gaps.p50)} ms, by each node's own clock; it prints one every ${interval} ms, so more is time its timers did not run` });
  const fp = out.analysis.results['false-positives']?.metrics;
  if (fp) {
    f.push({ name: `soak ${at}: suspicions of healthy members`, value: Number(fp['falseSuspicions']), unit: 'suspicions',
      note: `${fp['falseDeaths']} deaths of healthy members; the false-positives checker over the whole run, no fault injected` });
  }
  f.push({ name: `traffic ${at}: sent per node (payload)`, value: round(own.bytesPerS), unit: 'B/s', note: 'the nodes\' own stats counters; seed document: ~4 KB/s' });
  f.push(...reportFiguresOf(dir, at, out.analysis.valid, analysisMs));
  return { figures: f, dir };
}

/** The stored run's report: page size, the time to render it alone, and the time the run's own offline analysis took. */
function reportFiguresOf(dir: string, at: string, valid: Validity, analysisMs: number): Figure[] {
  const { events } = readHistory(join(dir, 'history.jsonl'));
  const results = (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { results: Parameters<typeof render>[1] }).results;
  const t0 = performance.now();
  render(events, results, { valid });
  const t1 = performance.now();
  return [
    { name: `report ${at}: history`, value: events.length, unit: 'events', note: `${round(statSync(join(dir, 'history.jsonl')).size / 2 ** 20, 1)} MiB` },
    { name: `report ${at}: page size`, value: statSync(join(dir, 'index.html')).size, unit: 'bytes' },
    { name: `report ${at}: render time`, value: Math.round(t1 - t0), unit: 'ms' },
    { name: `report ${at}: offline analysis`, value: Math.round(analysisMs), unit: 'ms', note: 'read, checkers, report, chart PNGs (as gossiplab check does)' },
  ];
}

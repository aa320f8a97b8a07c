// Serf's own telemetry, as the contract's `stats` and `detector` lines. The agent
// sends go-metrics to a statsd address (`statsd_addr`, loopback: private to the
// container); memberlist reports every UDP datagram and TCP stream it sends or
// receives with its size, every probe round it runs, and its Lifeguard awareness
// (the local health score) each time it changes. Memberlist does not count by
// message type, so `sent` and `recv` carry `udp` and `tcp` (their bytes are the
// whole datagrams and streams; memberlist has no byte count for TCP it
// receives), and `probes` counts probe rounds.

/** Loopback statsd address the agent sends its metrics to. */
export const STATSD_ADDR = '127.0.0.1:8125';

/**
 * Serf's metric names: `serf-agent.memberlist.<name>`, gauges with the host
 * name inserted (`serf-agent.<hostname>.memberlist.health.score`).
 */
const NAME = /^serf-agent\.(?:[^.]+\.)?memberlist\.(.+)$/;

export interface Counter { msgs: number; bytes: number }

export interface SerfStats {
  sent: { udp: Counter; tcp: Counter };
  recv: { udp: Counter };
  /** Probe rounds run since the agent started (memberlist's probeNode timer). */
  probes: number;
}

export interface Sample { name: string; value: number; kind: string }

/** statsd lines (`name:value|type[|@rate]`), one sample per well-formed line. */
export function parseStatsd(packet: string): Sample[] {
  return packet.split('\n').flatMap((line) => {
    const m = /^([^:|]+):(-?[0-9.eE+-]+)\|([a-z]+)/.exec(line.trim());
    const value = m ? Number(m[2]) : NaN;
    return m && Number.isFinite(value) ? [{ name: m[1]!, value, kind: m[3]! }] : [];
  });
}

/** Cumulative counters and the latest awareness, from the agent's samples. */
export class SerfMetrics {
  readonly stats: SerfStats = {
    sent: { udp: { msgs: 0, bytes: 0 }, tcp: { msgs: 0, bytes: 0 } },
    recv: { udp: { msgs: 0, bytes: 0 } },
    probes: 0,
  };
  awareness = 0;
  /** True once any memberlist sample has arrived: the agent's telemetry works. */
  heard = false;

  /** Applies a packet's samples; returns true when the awareness changed. */
  apply(packet: string): boolean {
    const before = this.awareness;
    for (const s of parseStatsd(packet)) {
      const name = NAME.exec(s.name)?.[1];
      if (name === undefined) continue;
      this.heard = true;
      const count = (c: Counter): void => { c.msgs += 1; c.bytes += s.value; };
      switch (name) {
        case 'udp.sent': count(this.stats.sent.udp); break;
        case 'udp.received': count(this.stats.recv.udp); break;
        case 'tcp.sent': count(this.stats.sent.tcp); break;
        case 'probeNode': this.stats.probes += 1; break;
        case 'health.score': if (s.kind === 'g') this.awareness = s.value; break;
        default: break;
      }
    }
    return this.awareness !== before;
  }
}

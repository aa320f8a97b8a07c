// Prometheus text exposition (format 0.0.4) of a node's counters and gauges, for
// GET /metrics. Pure: takes snapshots, returns text.

import type { DetectorSnapshot, StatsSnapshot, ViewMember } from '../core/index.js';

function esc(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

export function renderMetrics(self: string, stats: StatsSnapshot, det: DetectorSnapshot, members: ViewMember[], errors: number): string {
  const out: string[] = [];
  const family = (name: string, type: 'counter' | 'gauge', help: string, rows: [Record<string, string>, number][]): void => {
    out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of rows) {
      const l = Object.entries({ node: self, ...labels }).map(([k, x]) => `${k}="${esc(x)}"`).join(',');
      out.push(`${name}{${l}} ${v}`);
    }
  };
  const byType = (dir: 'sent' | 'recv', f: 'msgs' | 'bytes'): [Record<string, string>, number][] =>
    Object.entries(stats[dir]).map(([type, c]) => [{ type }, c[f]]);
  family('gossip_messages_sent_total', 'counter', 'Messages sent, by message type.', byType('sent', 'msgs'));
  family('gossip_message_bytes_sent_total', 'counter', 'Encoded message bytes sent, by message type.', byType('sent', 'bytes'));
  family('gossip_messages_received_total', 'counter', 'Messages received, by message type.', byType('recv', 'msgs'));
  family('gossip_message_bytes_received_total', 'counter', 'Encoded message bytes received, by message type.', byType('recv', 'bytes'));
  family('gossip_packets_total', 'counter', 'UDP datagrams.', [[{ dir: 'sent' }, stats.packets.sent.msgs], [{ dir: 'recv' }, stats.packets.recv.msgs]]);
  family('gossip_packet_bytes_total', 'counter', 'UDP datagram bytes.', [[{ dir: 'sent' }, stats.packets.sent.bytes], [{ dir: 'recv' }, stats.packets.recv.bytes]]);
  family('gossip_dropped_total', 'counter', 'Received datagrams dropped, by reason.',
    [...Object.entries(stats.dropped).map(([reason, n]): [Record<string, string>, number] => [{ reason }, n]), [{ reason: 'error' }, errors]]);
  const states = ['alive', 'suspect', 'dead', 'left'];
  family('gossip_members', 'gauge', 'Members in this node\'s view, by state.',
    states.map((s) => [{ state: s }, members.filter((m) => m.state === s).length]));
  family('gossip_awareness', 'gauge', 'Lifeguard local health multiplier score.', [[{}, det.awareness]]);
  const me = members.find((m) => m.id === self);
  family('gossip_incarnation', 'gauge', 'This node\'s incarnation number.', [[{}, me?.incarnation ?? 0]]);
  family('gossip_suspicion_timeout_ms', 'gauge', 'Current suspicion timeout per suspected member.',
    Object.entries(det.suspicion).map(([member, v]) => [{ member }, v]));
  if (det.phi) family('gossip_phi', 'gauge', 'Phi accrual value per member.', Object.entries(det.phi).map(([member, v]) => [{ member }, v]));
  return `${out.join('\n')}\n`;
}

// The adapter's statsd listener: a UDP socket on the container's loopback that
// the Serf agent sends its metrics to (see metrics.ts).

import { createSocket } from 'node:dgram';
import { SerfMetrics, STATSD_ADDR } from './metrics.js';

export async function listenMetrics(onAwareness: () => void): Promise<SerfMetrics> {
  const metrics = new SerfMetrics();
  const socket = createSocket('udp4');
  socket.on('message', (msg) => { if (metrics.apply(msg.toString('utf8'))) onAwareness(); });
  const [host, port] = STATSD_ADDR.split(':') as [string, string];
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(Number(port), host, () => { socket.off('error', reject); resolve(); });
  });
  socket.unref();
  return metrics;
}

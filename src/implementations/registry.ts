// The controller's registry of implementations under test: for each, how its
// container starts (the entry point inside the node image), which host binaries
// the image must carry (their `ldd` libraries are added automatically), the
// semantics it declares, and which protocol parameters it can honour. A scenario
// asking for a parameter an implementation cannot honour is refused before
// anything starts; the adapter refuses it again at its own start (exit 2).

import type { ProtocolParams } from '../../nodes/core/params.js';
import type { Capability } from '../../faults/types.js';
import { FULL_SEMANTICS, type Semantics, type ShippedImplementation } from './types.js';

/** A host binary copied into the node image, and the Debian package that provides it. */
export interface HostBinary { from: string; to: string; package: string }

export interface Implementation {
  name: ShippedImplementation;
  /** One line for reports and errors. */
  title: string;
  /** The container's command inside the node image. */
  entry: readonly string[];
  binaries: readonly HostBinary[];
  semantics: Readonly<Semantics>;
  /** Parameters it maps to its own configuration; every other one must keep the preset's value. */
  honours: readonly (keyof ProtocolParams)[];
  /** Parameters with no meaning for it (e.g. how often lines it never prints are printed): accepted, without effect. */
  ignores: readonly (keyof ProtocolParams)[];
  /** Lab capabilities that cannot reach it, with the reason: faults needing them are refused or skipped, like on a host without them. */
  cannot: Readonly<Partial<Record<Capability, string>>>;
}

const NODE = '/usr/local/bin/node';
const PRINTING = ['statsInterval', 'detectorInterval'] as const;

export const IMPLEMENTATIONS: Readonly<Record<ShippedImplementation, Implementation>> = {
  builtin: {
    name: 'builtin',
    title: 'the built-in node (SWIM, Lifeguard, phi accrual)',
    entry: [NODE, '/app/node.mjs'],
    binaries: [],
    semantics: FULL_SEMANTICS,
    honours: [],
    ignores: [],
    cannot: {},
  },
  serf: {
    name: 'serf',
    title: 'HashiCorp Serf (memberlist: SWIM with Lifeguard)',
    entry: [NODE, '/app/adapters/serf.mjs'],
    binaries: [{ from: '/usr/bin/serf', to: '/usr/bin/serf', package: 'serf' }],
    // stats and detector lines come from memberlist's own telemetry (statsd): traffic, probe rounds, awareness.
    semantics: {
      suspect: true, evicts: true, incarnations: false, refutes: true, metadata: true, leave: true, stats: true, detector: true,
    },
    // The preset becomes Serf's -profile (memberlist's own lan/wan/local); reapTime
    // becomes reconnect_timeout and tombstone_timeout; statsInterval paces `stats`
    // lines (a `detector` line is printed on each change of awareness instead).
    honours: ['reapTime', 'statsInterval'],
    ignores: ['detectorInterval'],
    cannot: {
      clock: 'Serf is a Go program: the Go runtime reads the clock through the vDSO, not through libc, so libfaketime (LD_PRELOAD) cannot fake its clock',
    },
  },
  'redis-cluster': {
    name: 'redis-cluster',
    title: 'Redis Cluster (cluster bus: PFAIL/FAIL)',
    entry: [NODE, '/app/adapters/redis-cluster.mjs'],
    binaries: [{ from: '/usr/bin/redis-server', to: '/usr/bin/redis-server', package: 'redis-server' }],
    semantics: {
      suspect: true, evicts: false, incarnations: false, refutes: false, metadata: false, leave: false, stats: false, detector: false,
    },
    // cluster-node-timeout = suspicionMult × probeInterval (probeTimeout is subsumed: Redis waits a node timeout for a pong).
    honours: ['probeInterval', 'probeTimeout', 'suspicionMult'],
    ignores: PRINTING,
    cannot: {
      clock: 'Debian\'s redis-server links jemalloc, which reads the clock while libfaketime initialises: '
        + 'under libfaketime (LD_PRELOAD) redis-server hangs at start (libfaketime issue 130)',
      leave: 'Redis Cluster has no graceful leave: a node stays in every view, failed, until each member runs CLUSTER FORGET',
    },
  },
};

/** Every semantics field true, with a user's own declaration applied over it. */
export function programSemantics(declared: Partial<Semantics> = {}): Semantics {
  return { ...FULL_SEMANTICS, ...declared };
}

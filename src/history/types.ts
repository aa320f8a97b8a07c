// The history format (history.jsonl): one event per line, append-only.
// `t` is controller milliseconds since run start, from a monotonic clock, stamped
// on receipt. Line numbers (1-based) are how checkers cite evidence, so the file
// is never rewritten once a line is out.

export type MemberState = 'alive' | 'suspect' | 'dead' | 'left';

/** The lines a node prints on stdout, per the node contract (nodes/CONTRACT.md). */
export type ContractLine =
  | { type: 'member'; member: string; state: MemberState; incarnation: number; ts?: number; seq?: number }
  | { type: 'removed'; member: string; ts?: number; seq?: number }
  | { type: 'stats'; sent: Record<string, Counter>; recv: Record<string, Counter>; dropped?: Record<string, number>; probes?: number; ts?: number; seq?: number }
  | { type: 'detector'; awareness?: number; phi?: Record<string, number>; suspicion?: Record<string, number>; ts?: number; seq?: number }
  | { type: 'update'; member: string; key: string; version: number; ts?: number; seq?: number }
  | { type: 'ready'; ts?: number; seq?: number };

export interface Counter { msgs: number; bytes: number }

export type LifecycleEvent = 'started' | 'killed' | 'restarted' | 'paused' | 'resumed' | 'left' | 'joined';

export interface RunMeta {
  runId: string;
  scenario: string;
  seed: number;
  runtime: 'docker' | 'sim';
  implementation: string;
  preset: string;
  nodes: string[];
  /** The resolved scenario (cluster, schedule, bounds) and protocol parameters. */
  config: unknown;
  versions: Record<string, string>;
  host: Record<string, unknown>;
  command: string;
  /** The controller's wall clock (ms since the epoch) at t = 0, to relate `t` to nodes' `ts`. */
  startedAt?: number;
}

/** A directed link: packets from `from` to `to`. */
export type Link = [from: string, to: string];

export type HistoryEvent =
  | ({ t: number; type: 'run' } & RunMeta)
  | { t: number; type: 'node'; node: string; event: LifecycleEvent; addr?: string }
  | { t: number; type: 'fault'; phase: 'start' | 'stop'; id: string; kind: string; targets: string[];
      params: Record<string, unknown>; links?: Link[]; loss?: number; skipped?: string }
  | ({ t: number; type: 'obs'; node: string } & ObsFields)
  | { t: number; type: 'view'; node: string; self: string; members: ViewMember[]; error?: string }
  | { t: number; type: 'update'; node: string; key: string; version: number }
  | { t: number; type: 'note'; level: 'info' | 'warn' | 'error'; message: string; node?: string }
  | { t: number; type: 'phase'; name: 'setup' | 'nemesis' | 'heal' | 'quiesce' | 'teardown' | 'done' };

/** An observation: the contract line with its `type` renamed to `obs`, so it cannot clash with the event type. */
export type ObsFields = ContractLine extends infer L
  ? L extends { type: infer K } ? Omit<L, 'type'> & { obs: K } : never
  : never;

export interface ViewMember { id: string; addr: string; state: MemberState; incarnation: number }

export type EventOf<K extends HistoryEvent['type']> = Extract<HistoryEvent, { type: K }>;
export type ObsOf<K extends ContractLine['type']> = Extract<EventOf<'obs'>, { obs: K }>;

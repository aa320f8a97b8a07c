// The protocol's messages as a discriminated union, the single source of what a
// node can say on the wire. Each message is encoded as a msgpack tuple whose first
// element is its numeric code (codec.ts); a packet is a sequence of such tuples.

export type MemberState = 'alive' | 'suspect' | 'dead' | 'left';

/** Digest entry for anti-entropy: enough to tell who holds the newer record. */
export interface DigestEntry { id: string; inc: number; state: MemberState; metaVersion: number }

export type DigestKind = 'push' | 'reply' | 'join';

export type Message =
  /** Direct probe; `target` is the id the sender believes lives at this address. */
  | { t: 'ping'; seq: number; target: string }
  | { t: 'ack'; seq: number }
  /** Lifeguard: an indirect prober tells the requester it got no ack in time. */
  | { t: 'nack'; seq: number }
  | { t: 'pingReq'; seq: number; target: string; addr: string; nack: boolean }
  | { t: 'alive'; id: string; addr: string; inc: number }
  | { t: 'suspect'; id: string; inc: number; from: string }
  /** `from === id` means the member left gracefully. */
  | { t: 'dead'; id: string; inc: number; from: string }
  | { t: 'meta'; id: string; key: string; value: string; version: number }
  | { t: 'digest'; kind: DigestKind; entries: DigestEntry[] }
  /** Ask for the full record of these members, and their metadata newer than `metaVersion`. */
  | { t: 'pull'; wants: { id: string; metaVersion: number }[] }
  /** A full record sent by anti-entropy; merged with memberlist's mergeState rules. */
  | { t: 'state'; id: string; addr: string; inc: number; state: MemberState }
  /** A push-pull's opening: the sender's summary (summary.ts) at `buckets` buckets, buckets first.. of it. */
  | { t: 'sum'; buckets: number; first: number; values: number[] }
  /** These buckets (at `buckets`) differ: send your digest entries of them. */
  | { t: 'diff'; buckets: number; list: number[] };

export type MessageType = Message['t'];

export const MESSAGE_TYPES: readonly MessageType[] = [
  'ping', 'ack', 'nack', 'pingReq', 'alive', 'suspect', 'dead', 'meta', 'digest', 'pull', 'state', 'sum', 'diff',
];

export type MessageOf<T extends MessageType> = Extract<Message, { t: T }>;

/** Precedence rank of a state at equal incarnation: dead and left beat suspect beats alive. */
export function stateRank(s: MemberState): number {
  switch (s) {
    case 'alive': return 0;
    case 'suspect': return 1;
    case 'dead': return 2;
    case 'left': return 2;
    default: return assertNever(s);
  }
}

export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}

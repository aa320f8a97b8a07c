// Serf's own log lines, as membership events. The agent coalesces the member
// events it sends to RPC streams and handlers (by 1 to 3 s), so the adapter
// takes the state changes from the log instead, written the moment Serf applies
// them; memberlist's log adds this node's own suspicions (a failed probe).

export type LogEvent =
  | { kind: 'join'; member: string }
  | { kind: 'failed'; member: string }
  | { kind: 'left'; member: string }
  | { kind: 'reap'; member: string }
  | { kind: 'update'; member: string }
  | { kind: 'suspect'; member: string };

const PATTERNS: [RegExp, LogEvent['kind']][] = [
  [/\[INFO\] serf: EventMemberJoin: (\S+)/, 'join'],
  [/\[INFO\] serf: EventMemberFailed: (\S+)/, 'failed'],
  [/\[INFO\] serf: EventMemberLeave: (\S+)/, 'left'],
  [/\[INFO\] serf: EventMemberReap: (\S+)/, 'reap'],
  [/\[INFO\] serf: EventMemberUpdate: (\S+)/, 'update'],
  [/\[INFO\] memberlist: Suspect (\S+) has failed, no acks received/, 'suspect'],
];

export function parseLogLine(line: string): LogEvent | undefined {
  for (const [re, kind] of PATTERNS) {
    const m = re.exec(line);
    if (m?.[1]) return { kind, member: m[1] };
  }
  return undefined;
}

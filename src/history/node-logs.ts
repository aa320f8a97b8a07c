// Each node's raw output as the controller received it, in nodes/<id>.log. Lines
// are gathered in memory and appended in batches (every second, or sooner when
// much is pending): one write per line cost the controller more than everything
// else it does with a line. These files are for reading by people; the history
// (written line by line, synchronously) stays the record that loses nothing.

import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const FLUSH_BYTES = 256 * 1024;

export class NodeLogs {
  private readonly fds = new Map<string, number>();
  private readonly pending = new Map<string, string[]>();
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly dir: string, private readonly everyMs = 1000) {}

  /** Keep one line of a node's output (without its newline). */
  line(node: string, text: string): void {
    if (this.closed) return;
    let p = this.pending.get(node);
    if (!p) this.pending.set(node, (p = []));
    p.push(text, '\n');
    this.bytes += text.length + 1;
    if (this.bytes >= FLUSH_BYTES) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), this.everyMs).unref();
  }

  /** Append everything pending, one write per node. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const [node, parts] of this.pending) {
      let fd = this.fds.get(node);
      if (fd === undefined) this.fds.set(node, (fd = openSync(join(this.dir, `${node}.log`), 'a')));
      writeSync(fd, parts.join(''));
    }
    this.pending.clear();
    this.bytes = 0;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    for (const fd of this.fds.values()) closeSync(fd);
    this.fds.clear();
  }
}

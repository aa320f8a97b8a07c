// A container's attached output, straight to lines: Docker multiplexes stdout and
// stderr into frames (an 8-byte header: stream, 3 zero bytes, payload size as a
// big-endian uint32), and a frame may end mid-line or be split across chunks.
// One small parser per container instead of a demuxer, two pass-through streams
// and two line readers: at hundreds of nodes that is most of the controller's work.

export type OutputStream = 'stdout' | 'stderr';

const HEADER = 8;

const EMPTY = Buffer.alloc(0);

/** Bytes to lines: cut on bytes and decoded whole, so a character split across chunks survives; a trailing `\r` is dropped. */
export class ByteLines {
  private carry: Buffer = EMPTY;

  constructor(private readonly onLine: (line: string) => void) {}

  push(p: Buffer): void {
    let from = 0;
    for (let nl = p.indexOf(10); nl !== -1; nl = p.indexOf(10, from)) {
      const carried = from === 0 ? this.carry : EMPTY;
      this.emit(carried.length ? Buffer.concat([carried, p.subarray(0, nl)]).toString('utf8') : p.toString('utf8', from, nl));
      if (carried.length) this.carry = EMPTY;
      from = nl + 1;
    }
    if (from < p.length) this.carry = Buffer.concat([this.carry, p.subarray(from)]);
  }

  /** The input ended: a last line without its newline still counts. */
  end(): void {
    if (this.carry.length) this.emit(this.carry.toString('utf8'));
    this.carry = EMPTY;
  }

  private emit(line: string): void {
    this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  }
}

export class FrameLines {
  private buf: Buffer = EMPTY;
  private readonly streams: Record<OutputStream, ByteLines>;

  constructor(onLine: (line: string, stream: OutputStream) => void) {
    this.streams = {
      stdout: new ByteLines((l) => onLine(l, 'stdout')),
      stderr: new ByteLines((l) => onLine(l, 'stderr')),
    };
  }

  /** Feed a chunk of the attached stream. */
  push(chunk: Buffer): void {
    this.buf = this.buf.length ? Buffer.concat([this.buf, chunk]) : chunk;
    let at = 0;
    while (this.buf.length - at >= HEADER) {
      const size = this.buf.readUInt32BE(at + 4);
      if (this.buf.length - at < HEADER + size) break;
      this.streams[this.buf[at] === 2 ? 'stderr' : 'stdout'].push(this.buf.subarray(at + HEADER, at + HEADER + size));
      at += HEADER + size;
    }
    this.buf = at === this.buf.length ? EMPTY : this.buf.subarray(at);
  }

  /** The stream ended: a last line without its newline still counts. */
  end(): void {
    this.streams.stdout.end();
    this.streams.stderr.end();
  }
}

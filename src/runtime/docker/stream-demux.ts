/**
 * The Engine's multiplexed stream format (logs and exec of containers without a TTY): frames of
 * an 8-byte header [stream, 0, 0, 0, size u32 big-endian] followed by `size` bytes. Frames may be
 * split across network chunks, so the demuxer keeps what it has not consumed yet.
 */

export type StreamName = "stdout" | "stderr";

export interface DemuxedChunk {
  stream: StreamName;
  data: Buffer;
}

const HEADER = 8;

export class StreamDemuxer {
  private pending: Buffer = Buffer.alloc(0);
  /** A TTY container's stream has no headers; detected on the first bytes, then passed through. */
  private raw = false;
  private sawHeader = false;

  /** Feeds bytes; returns the complete frames they finish. */
  push(chunk: Uint8Array): DemuxedChunk[] {
    if (this.raw) return chunk.length > 0 ? [{ stream: "stdout", data: Buffer.from(chunk) }] : [];
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const out: DemuxedChunk[] = [];
    while (this.pending.length >= HEADER) {
      const kind = this.pending[0] ?? 0;
      const validHeader =
        kind <= 2 && this.pending[1] === 0 && this.pending[2] === 0 && this.pending[3] === 0;
      if (!validHeader && !this.sawHeader) {
        this.raw = true;
        out.push({ stream: "stdout", data: this.pending });
        this.pending = Buffer.alloc(0);
        return out;
      }
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < HEADER + size) break;
      this.sawHeader = true;
      // stdin (0) only appears with attached stdin; treat it as stdout rather than dropping it.
      out.push({
        stream: kind === 2 ? "stderr" : "stdout",
        data: this.pending.subarray(HEADER, HEADER + size),
      });
      this.pending = this.pending.subarray(HEADER + size);
    }
    return out;
  }

  /** End of stream: short headerless output (a TTY's "ok\n") is raw; a cut-off frame is dropped. */
  end(): DemuxedChunk[] {
    const rest = this.pending;
    this.pending = Buffer.alloc(0);
    return rest.length > 0 && !this.sawHeader ? [{ stream: "stdout", data: rest }] : [];
  }
}

export async function* demuxStream(source: AsyncIterable<Uint8Array>): AsyncGenerator<DemuxedChunk> {
  const demuxer = new StreamDemuxer();
  for await (const chunk of source) yield* demuxer.push(chunk);
  yield* demuxer.end();
}

/** Splits each stream's bytes into lines (without the newline), keeping partial lines per stream. */
export class LineSplitter {
  private readonly partial: Record<StreamName, string> = { stdout: "", stderr: "" };

  push(chunk: DemuxedChunk): Array<{ stream: StreamName; text: string }> {
    const text = this.partial[chunk.stream] + chunk.data.toString("utf8");
    const parts = text.split("\n");
    this.partial[chunk.stream] = parts.pop() ?? "";
    return parts.map((line) => ({ stream: chunk.stream, text: line.replace(/\r$/, "") }));
  }

  /** Whatever is left without a trailing newline, at end of stream. */
  flush(): Array<{ stream: StreamName; text: string }> {
    const out: Array<{ stream: StreamName; text: string }> = [];
    for (const stream of ["stdout", "stderr"] as const) {
      if (this.partial[stream] !== "") out.push({ stream, text: this.partial[stream] });
      this.partial[stream] = "";
    }
    return out;
  }
}

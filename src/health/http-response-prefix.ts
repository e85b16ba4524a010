/**
 * Reads what an http probe needs of an HTTP/1.x response as bytes arrive: the status code and
 * at most `limit` bytes of the body (Content-Length, chunked or until close). Pure: no sockets.
 */
export interface ResponsePrefix {
  status: number;
  body: string;
}

const HEAD_END = Buffer.from("\r\n\r\n");
/** A response head larger than this is not worth reading further. */
const MAX_HEAD_BYTES = 64 * 1024;

export class ResponsePrefixReader {
  private buffered: Buffer = Buffer.alloc(0);
  private status: number | undefined;
  private length: number | undefined;
  private chunked = false;
  private bodyStart = 0;

  constructor(private readonly limit: number) {}

  /** The prefix once enough has arrived; undefined while more is needed. Throws on a malformed head. */
  push(data: Buffer): ResponsePrefix | undefined {
    this.buffered = this.buffered.length === 0 ? data : Buffer.concat([this.buffered, data]);
    if (this.status === undefined && !this.readHead()) return undefined;
    const body = this.body();
    return body === undefined ? undefined : { status: this.status ?? 0, body };
  }

  /** The connection closed: whatever body there is counts (a response without a length ends so). */
  end(): ResponsePrefix {
    if (this.status === undefined) throw new Error("connection closed before a complete response head");
    return { status: this.status, body: this.body(true) ?? "" };
  }

  private readHead(): boolean {
    const end = this.buffered.indexOf(HEAD_END);
    if (end < 0) {
      if (this.buffered.length > MAX_HEAD_BYTES) throw new Error("response head too large");
      return false;
    }
    const lines = this.buffered.subarray(0, end).toString("latin1").split("\r\n");
    const match = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? "");
    if (!match) throw new Error(`not an HTTP response: ${JSON.stringify((lines[0] ?? "").slice(0, 60))}`);
    this.status = Number(match[1]);
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === "content-length") this.length = Number(value);
      if (name === "transfer-encoding") this.chunked = value.toLowerCase().includes("chunked");
    }
    // 1xx, 204 and 304 carry no body.
    if (this.status < 200 || this.status === 204 || this.status === 304) this.length = 0;
    this.bodyStart = end + HEAD_END.length;
    return true;
  }

  /** The body prefix when complete (or `closed`), else undefined. */
  private body(closed = false): string | undefined {
    const raw = this.buffered.subarray(this.bodyStart);
    if (this.chunked) return this.chunkedBody(raw, closed);
    const want = Math.min(this.length ?? Number.POSITIVE_INFINITY, this.limit);
    if (raw.length >= want) return raw.subarray(0, want).toString("utf8");
    return closed ? raw.toString("utf8") : undefined;
  }

  private chunkedBody(raw: Buffer, closed: boolean): string | undefined {
    const parts: Buffer[] = [];
    let size = 0;
    let at = 0;
    for (;;) {
      const lineEnd = raw.indexOf("\r\n", at);
      if (lineEnd < 0) break;
      const chunkSize = Number.parseInt(raw.subarray(at, lineEnd).toString("latin1"), 16);
      if (!Number.isFinite(chunkSize)) throw new Error("malformed chunked body");
      if (chunkSize === 0) return Buffer.concat(parts).toString("utf8");
      const data = raw.subarray(lineEnd + 2, Math.min(lineEnd + 2 + chunkSize, raw.length));
      parts.push(data);
      size += data.length;
      if (size >= this.limit) return Buffer.concat(parts).subarray(0, this.limit).toString("utf8");
      if (data.length < chunkSize) break;
      at = lineEnd + 2 + chunkSize + 2;
    }
    return closed ? Buffer.concat(parts).toString("utf8") : undefined;
  }
}

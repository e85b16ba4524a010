import { describe, expect, it } from "vitest";
import { muxFrame } from "../../../test/harness/fake-engine.js";
import { type DemuxedChunk, demuxStream, LineSplitter, StreamDemuxer } from "./stream-demux.js";

function texts(chunks: DemuxedChunk[]): string[] {
  return chunks.map((c) => `${c.stream}:${c.data.toString("utf8")}`);
}

async function* from(...parts: Buffer[]): AsyncGenerator<Buffer> {
  for (const p of parts) yield p;
}

describe("StreamDemuxer", () => {
  it("splits frames and names their streams", () => {
    const d = new StreamDemuxer();
    const out = d.push(Buffer.concat([muxFrame(1, "out\n"), muxFrame(2, "err\n"), muxFrame(1, "again")]));
    expect(texts(out)).toEqual(["stdout:out\n", "stderr:err\n", "stdout:again"]);
  });

  it("reassembles frames cut at every possible byte boundary", () => {
    const bytes = Buffer.concat([muxFrame(1, "hello "), muxFrame(2, "world"), muxFrame(1, "!")]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const d = new StreamDemuxer();
      const out = [...d.push(bytes.subarray(0, cut)), ...d.push(bytes.subarray(cut))];
      expect(texts(out)).toEqual(["stdout:hello ", "stderr:world", "stdout:!"]);
    }
  });

  it("feeds byte by byte", async () => {
    const bytes = Buffer.concat([muxFrame(2, "slow"), muxFrame(1, "ly")]);
    const parts = [...bytes].map((b) => Buffer.from([b]));
    const out: DemuxedChunk[] = [];
    for await (const c of demuxStream(from(...parts))) out.push(c);
    expect(texts(out)).toEqual(["stderr:slow", "stdout:ly"]);
  });

  it("passes a TTY's headerless stream through as stdout", async () => {
    const out: DemuxedChunk[] = [];
    for await (const c of demuxStream(from(Buffer.from("plain text output\n"), Buffer.from("ok\n"))))
      out.push(c);
    expect(texts(out)).toEqual(["stdout:plain text output\n", "stdout:ok\n"]);
  });

  it("emits short headerless output at the end", async () => {
    const out: DemuxedChunk[] = [];
    for await (const c of demuxStream(from(Buffer.from("ok\n")))) out.push(c);
    expect(texts(out)).toEqual(["stdout:ok\n"]);
  });

  it("drops a frame cut off by the end of the stream", async () => {
    const cut = muxFrame(1, "complete").subarray(0, 10);
    const out: DemuxedChunk[] = [];
    for await (const c of demuxStream(from(muxFrame(2, "first"), cut))) out.push(c);
    expect(texts(out)).toEqual(["stderr:first"]);
  });
});

describe("LineSplitter", () => {
  it("keeps partial lines per stream until their newline arrives", () => {
    const s = new LineSplitter();
    const chunk = (stream: "stdout" | "stderr", text: string) => ({ stream, data: Buffer.from(text) });
    expect(s.push(chunk("stdout", "hel"))).toEqual([]);
    expect(s.push(chunk("stderr", "oops\r\nhal"))).toEqual([{ stream: "stderr", text: "oops" }]);
    expect(s.push(chunk("stdout", "lo\nwor"))).toEqual([{ stream: "stdout", text: "hello" }]);
    expect(s.flush()).toEqual([
      { stream: "stdout", text: "wor" },
      { stream: "stderr", text: "hal" },
    ]);
    expect(s.flush()).toEqual([]);
  });
});

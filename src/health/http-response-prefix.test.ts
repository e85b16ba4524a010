import { describe, expect, it } from "vitest";
import { requestHead } from "./http-probe.js";
import { ResponsePrefixReader } from "./http-response-prefix.js";

const feed = (limit: number, ...parts: string[]) => {
  const reader = new ResponsePrefixReader(limit);
  for (const p of parts) {
    const got = reader.push(Buffer.from(p));
    if (got) return got;
  }
  return undefined;
};

describe("ResponsePrefixReader", () => {
  it("reads status and a Content-Length body split across packets", () => {
    expect(feed(100, "HTTP/1.1 200 OK\r\nContent-Le", "ngth: 5\r\n\r\nhel", "lo")).toEqual({
      status: 200,
      body: "hello",
    });
  });

  it("decodes a chunked body and stops at the limit", () => {
    const chunked = "HTTP/1.1 503 Busy\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n";
    expect(feed(100, chunked)).toEqual({ status: 503, body: "abcde" });
    expect(feed(4, chunked)).toEqual({ status: 503, body: "abcd" });
  });

  it("takes a body without length up to the close, and none for 204", () => {
    const reader = new ResponsePrefixReader(100);
    expect(reader.push(Buffer.from("HTTP/1.0 302 Found\r\nLocation: /x\r\n\r\nmoved"))).toBeUndefined();
    expect(reader.end()).toEqual({ status: 302, body: "moved" });
    expect(feed(100, "HTTP/1.1 204 No Content\r\n\r\n")).toEqual({ status: 204, body: "" });
  });

  it("refuses what is not an HTTP response, and a close before the head", () => {
    expect(() => feed(100, "SSH-2.0-OpenSSH\r\n\r\n")).toThrow(/not an HTTP response/);
    const reader = new ResponsePrefixReader(100);
    reader.push(Buffer.from("HTTP/1.1 200"));
    expect(() => reader.end()).toThrow(/closed before/);
  });
});

describe("requestHead", () => {
  it("sends the caller's headers, a Host unless given, and Connection: close", () => {
    expect(requestHead("/h?x=1", "127.0.0.1:80", { "x-probe": "yes" })).toBe(
      "GET /h?x=1 HTTP/1.1\r\nx-probe: yes\r\nHost: 127.0.0.1:80\r\nConnection: close\r\n\r\n",
    );
    expect(requestHead("/", "[::1]:80", { Host: "app.example" })).toBe(
      "GET / HTTP/1.1\r\nHost: app.example\r\nConnection: close\r\n\r\n",
    );
  });

  it("refuses a header or path that would split the request", () => {
    expect(() => requestHead("/", "h:1", { "x-a": "1\r\nEvil: yes" })).toThrow(/invalid character/);
    expect(() => requestHead("/", "h:1", { "bad name": "1" })).toThrow(/header name/);
    expect(() => requestHead("/a b", "h:1", {})).toThrow(/probe path/);
  });
});

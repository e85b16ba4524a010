/** Newline-delimited JSON from a streaming body (/events, image pulls). */

export async function* ndjson<T>(source: AsyncIterable<Uint8Array | string>): AsyncGenerator<T> {
  let buffered = "";
  const decoder = new TextDecoder();
  for await (const chunk of source) {
    buffered += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf("\n");
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line !== "") yield JSON.parse(line) as T;
      newline = buffered.indexOf("\n");
    }
  }
  const rest = buffered.trim();
  if (rest !== "") yield JSON.parse(rest) as T;
}

/**
 * POST /build with a plain tar of the context (after .dockerignore). The build's output is passed
 * on line by line as progress; a failure is an HwError naming the step that failed, taken from
 * the stream's structured errorDetail and the last "Step N/M" the stream reported.
 */
import { type BuildProgress, type BuildSpec, HwError, RuntimeErrorCode } from "../../core/index.js";
import { contextTarEntries, readContext } from "../build/build-context.js";
import { tarArchive } from "../build/tar.js";
import type { EngineClient } from "./engine-client.js";
import { ndjson } from "./ndjson.js";

interface BuildMessage {
  stream?: string;
  aux?: { ID?: string };
  error?: string;
  errorDetail?: { message?: string };
}

export async function buildImage(
  client: EngineClient,
  spec: BuildSpec,
  tag: string,
  onProgress?: BuildProgress,
): Promise<{ imageId: string }> {
  const tar = tarArchive(contextTarEntries(await readContext(spec)));
  const res = await client.request({
    method: "POST",
    path: "/build",
    query: {
      t: tag,
      dockerfile: spec.dockerfile,
      target: spec.target,
      buildargs: JSON.stringify(spec.args),
      labels: JSON.stringify(spec.labels),
      rm: true,
      forcerm: true,
    },
    rawBody: { data: tar, contentType: "application/x-tar" },
    stream: true,
    what: `build image ${tag}`,
  });
  let step = "";
  let imageId = "";
  for await (const msg of ndjson<BuildMessage>(res.body)) {
    if (msg.stream) {
      for (const line of msg.stream.split("\n")) {
        const text = line.trimEnd();
        if (text === "") continue;
        // "Step 2/3 : RUN false": the one structured marker the classic builder gives per step.
        if (/^Step \d+\/\d+ : /.test(text)) step = text;
        onProgress?.(text);
      }
    }
    if (msg.aux?.ID) imageId = msg.aux.ID;
    if (msg.errorDetail || msg.error) {
      const detail = msg.errorDetail?.message ?? msg.error ?? "unknown error";
      throw new HwError(
        RuntimeErrorCode.failed,
        `build of ${tag} failed${step ? ` at ${step}` : ""}: ${detail}`,
        {
          hint: "fix the Dockerfile or the build context; nothing else was changed",
        },
      );
    }
  }
  if (imageId === "") throw new HwError(RuntimeErrorCode.failed, `build of ${tag} reported no image id`);
  return { imageId };
}

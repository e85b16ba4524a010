/** Where command output goes. Commands write through this so tests can capture it. */
import pc from "picocolors";

export interface Output {
  out(text: string): void;
  err(text: string): void;
  json(value: unknown): void;
  readonly color: ReturnType<typeof pc.createColors>;
  readonly isTTY: boolean;
}

export function processOutput(): Output {
  const color = pc.createColors(Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  return {
    out: (t) => void process.stdout.write(t.endsWith("\n") ? t : `${t}\n`),
    err: (t) => void process.stderr.write(t.endsWith("\n") ? t : `${t}\n`),
    json: (v) => void process.stdout.write(`${JSON.stringify(v, null, 2)}\n`),
    color,
    isTTY: Boolean(process.stdout.isTTY),
  };
}

export function captureOutput(): Output & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    json: (v) => void stdout.push(JSON.stringify(v, null, 2)),
    color: pc.createColors(false),
    isTTY: false,
  };
}

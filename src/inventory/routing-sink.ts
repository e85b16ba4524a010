import { compareCodeUnits } from "../core/index.js";
import { DiagnosticSink } from "../manifest/diagnostic-sink.js";
import { type Diagnostic, DiagnosticCode, type Pos } from "../manifest/diagnostics.js";
import { childPath } from "../manifest/located.js";

/**
 * One sink per inventory file behind the DiagnosticSink interface the manifest checkers take.
 * The checkers see one merged document; a report is routed to the file its path belongs to:
 * `services.<name>…` to that service's hosts/<node>/services.yaml, everything else to
 * project.yaml. This works because every checker reports at the path of the node it points at
 * (positions and paths always come from the same node).
 */
export class RoutingSink extends DiagnosticSink {
  private readonly sinks = new Map<string, DiagnosticSink>();
  private readonly serviceFiles: { prefix: string; file: string }[] = [];
  private readonly extra: Diagnostic[] = [];

  constructor(
    readonly projectFile: string,
    /** Files in report order (project.yaml first, then hosts by node). */
    private readonly order: readonly string[],
  ) {
    super(projectFile);
  }

  /** The sink of one file (its YAML reading reports here too, so a file's reports stay together). */
  sinkFor(file: string): DiagnosticSink {
    let sink = this.sinks.get(file);
    if (sink === undefined) {
      sink = new DiagnosticSink(file);
      this.sinks.set(file, sink);
    }
    return sink;
  }

  routeService(name: string, file: string): void {
    this.serviceFiles.push({ prefix: childPath("services", name), file });
  }

  /** A diagnostic built outside the checkers (layout problems, their HW-INVENTORY codes). */
  push(d: Diagnostic): void {
    this.extra.push(d);
  }

  override error(pos: Pos, path: string, code: DiagnosticCode, message: string, hint?: string): void {
    // The merged document always has `services`; "none declared" is reported by the loader
    // itself (HW-INVENTORY-009), which can say where services go.
    if (path === "services" && code === DiagnosticCode.missingKey) return;
    this.sinkFor(this.fileOf(path)).error(pos, path, code, message, hint);
  }

  override warn(pos: Pos, path: string, code: DiagnosticCode, message: string, hint?: string): void {
    this.sinkFor(this.fileOf(path)).warn(pos, path, code, message, hint);
  }

  override hasErrors(): boolean {
    return this.errorCount() > 0;
  }

  override errorCount(): number {
    let n = this.extra.filter((d) => d.severity === "error").length;
    for (const sink of this.sinks.values()) n += sink.errorCount();
    return n;
  }

  /** File order (project.yaml, then hosts by node name), then position. */
  override sorted(): Diagnostic[] {
    const all = [...this.extra, ...[...this.sinks.values()].flatMap((s) => s.sorted())];
    const rank = (f: string) => {
      const i = this.order.indexOf(f);
      return i === -1 ? this.order.length : i;
    };
    return all.sort(
      (a, b) =>
        rank(a.file) - rank(b.file) || compareCodeUnits(a.file, b.file) || a.line - b.line || a.col - b.col,
    );
  }

  override fileOf(path: string): string {
    for (const { prefix, file } of this.serviceFiles) {
      if (path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`)) return file;
    }
    return this.projectFile;
  }
}

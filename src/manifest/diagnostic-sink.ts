import { type Diagnostic, type DiagnosticCode, type Pos, sortDiagnostics } from "./diagnostics.js";

/**
 * Collects diagnostics for one manifest. Validation never stops at the first problem, so every
 * checker reports here and carries on. Identical reports are merged: a value reached through
 * several aliases would otherwise be reported once per alias.
 */
export class DiagnosticSink {
  readonly file: string;
  private readonly items: Diagnostic[] = [];
  private readonly seen = new Set<string>();

  constructor(file: string) {
    this.file = file;
  }

  error(pos: Pos, path: string, code: DiagnosticCode, message: string, hint?: string): void {
    this.add("error", pos, path, code, message, hint);
  }

  warn(pos: Pos, path: string, code: DiagnosticCode, message: string, hint?: string): void {
    this.add("warning", pos, path, code, message, hint);
  }

  /**
   * The file a report at `path` lands in. One file here; a sink over several files (an
   * inventory's RoutingSink) answers per path, so a message can name the other file it points at.
   */
  fileOf(_path: string): string {
    return this.file;
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }

  errorCount(): number {
    return this.items.filter((d) => d.severity === "error").length;
  }

  sorted(): Diagnostic[] {
    return sortDiagnostics(this.items);
  }

  private add(
    severity: Diagnostic["severity"],
    pos: Pos,
    path: string,
    code: DiagnosticCode,
    message: string,
    hint: string | undefined,
  ): void {
    const key = `${severity}|${pos.file ?? ""}|${pos.line}|${pos.col}|${path}|${code}|${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const line = Math.max(1, pos.line);
    const col = Math.max(1, pos.col);
    this.items.push({
      file: pos.file ?? this.file,
      line,
      col,
      severity,
      path,
      message,
      ...(hint === undefined ? {} : { hint }),
      code,
    });
  }
}

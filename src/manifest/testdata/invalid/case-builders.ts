// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these cases write ${VAR} interpolation literally
/** Builders and the case shape for the invalid-manifest table (split over cases-*.ts by size). */
import { DiagnosticCode } from "../../index.js";

export const yaml = (...lines: string[]): string => `${lines.join("\n")}\n`;
/** Lines 1-5 are fixed (version, project demo, services, api, image); extra lines start at line 6, col 5. */
export const svc = (...lines: string[]): string =>
  yaml(
    "version: 2",
    "project: demo",
    "services:",
    "  api:",
    "    image: busybox:1",
    ...lines.map((l) => `    ${l}`),
  );
/** Two services: a (lines 4-5) and b (lines 6-7); extra lines for a go after line 5 (col 5). */
export const two = (aLines: string[], bLines: string[]): string =>
  yaml(
    "version: 2",
    "project: demo",
    "services:",
    "  a:",
    "    image: busybox:1",
    ...aLines.map((l) => `    ${l}`),
    "  b:",
    "    image: busybox:1",
    ...bLines.map((l) => `    ${l}`),
  );

export interface Case {
  name: string;
  source: string;
  line: number;
  col: number;
  path: string;
  message: string;
  code?: string;
  hint?: string;
  env?: Record<string, string>;
}

export const C = DiagnosticCode;

/**
 * Defensive JSON reading for CLI output: unknown fields are ignored, wrong types become
 * undefined, and unexpected top-level shapes fail with a message that never echoes the
 * payload (it can contain environment values).
 */
import { HwError, RuntimeErrorCode } from "../../core/index.js";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export function obj(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function unexpected(what: string, problem: string): HwError {
  return new HwError(RuntimeErrorCode.failed, `unexpected output from \`${what}\`: ${problem}`, {
    hint: "The installed Apple container version may print a format Hostwright does not know yet.",
  });
}

export function parseJsonValue(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw unexpected(what, "not valid JSON");
  }
}

/** A JSON array of objects (list/inspect output); anything else is refused. */
export function parseJsonArray(text: string, what: string): JsonObject[] {
  const value = parseJsonValue(text.trim() === "" ? "[]" : text, what);
  if (!Array.isArray(value)) throw unexpected(what, "expected a JSON array");
  return value.filter(isObject);
}

const APPLE_EPOCH_MS = Date.UTC(2001, 0, 1);

/** ISO-8601 (1.0+) or Foundation's default: seconds since 2001-01-01 (pre-1.0, reference §2.5). */
export function parseDate(value: unknown): string | undefined {
  if (typeof value === "number" && Number.isFinite(value)) {
    return new Date(APPLE_EPOCH_MS + value * 1000).toISOString();
  }
  if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  return undefined;
}

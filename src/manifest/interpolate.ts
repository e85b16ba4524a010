/**
 * Compose-style interpolation of one scalar string: `${VAR}`, `${VAR:-default}` (default when
 * unset or empty), `${VAR-default}` (default only when unset) and `$$` for a literal `$`.
 * A `$` followed by anything else is kept literally. Pure: the caller supplies the lookup.
 */

export interface InterpolationResult {
  value: string;
  /** The whole text was one `${VAR}` (no literal default): the value is not written in the file. */
  fromVariable: boolean;
  /** Problems, each naming the variable or the broken expression. */
  errors: string[];
  /** Whether any `$` expression was replaced (plain scalars are then re-typed: `${N}` → 3). */
  changed: boolean;
  /** Non-fatal problems (Compose: an unset variable becomes "" with a warning). */
  warnings?: string[];
}

export interface InterpolateOptions {
  /**
   * Compose semantics: also `${VAR:?msg}`, `${VAR?msg}`, `${VAR:+alt}`, `${VAR+alt}`, and an
   * unset `${VAR}` is "" plus a warning instead of an error. The native manifest keeps the strict subset.
   */
  compose?: boolean;
}

export type VariableLookup = (name: string) => string | undefined;

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WHOLE_VARIABLE = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?-)?\}$/;

export function interpolate(
  text: string,
  lookup: VariableLookup,
  opts: InterpolateOptions = {},
): InterpolationResult {
  if (!text.includes("$")) return { value: text, fromVariable: false, errors: [], changed: false };
  const errors: string[] = [];
  const warnings: string[] = [];
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== "$") {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
      continue;
    }
    if (next !== "{") {
      out += "$";
      i++;
      continue;
    }
    const close = text.indexOf("}", i + 2);
    if (close === -1) {
      errors.push(`unterminated \`\${\` in "${text}"`);
      out += text.slice(i);
      break;
    }
    out += expand(text.slice(i + 2, close), lookup, errors, warnings, opts);
    i = close + 1;
  }
  return { value: out, fromVariable: WHOLE_VARIABLE.test(text), errors, changed: true, warnings };
}

function expand(
  body: string,
  lookup: VariableLookup,
  errors: string[],
  warnings: string[],
  opts: InterpolateOptions,
): string {
  const match = opts.compose
    ? /^([^:?+-]*)(:-|-|:\?|\?|:\+|\+)?([\s\S]*)$/.exec(body)
    : /^([^:-]*)(:-|-)?([\s\S]*)$/.exec(body);
  const name = match?.[1] ?? "";
  const operator = match?.[2];
  const fallback = match?.[3] ?? "";
  if (!VARIABLE_NAME.test(name) || (operator === undefined && fallback !== "")) {
    errors.push(`invalid interpolation \`\${${body}}\`: expected \${NAME} or \${NAME:-default}`);
    return "";
  }
  const value = lookup(name);
  const unsetOrEmpty = value === undefined || value === "";
  if (operator === ":-") return unsetOrEmpty ? fallback : value;
  if (operator === "-") return value ?? fallback;
  if (operator === ":+") return unsetOrEmpty ? "" : fallback;
  if (operator === "+") return value === undefined ? "" : fallback;
  if ((operator === ":?" && unsetOrEmpty) || (operator === "?" && value === undefined)) {
    errors.push(
      `required variable ${name} is ${value === undefined ? "not set" : "empty"}${fallback ? `: ${fallback}` : ""}`,
    );
    return "";
  }
  if (value === undefined) {
    if (opts.compose) {
      warnings.push(`variable ${name} is not set: using an empty string`);
      return "";
    }
    errors.push(`variable ${name} is not set`);
    return "";
  }
  return value;
}

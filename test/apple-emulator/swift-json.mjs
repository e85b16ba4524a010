// JSON the way Foundation's JSONEncoder prints it for the `container` CLI: keys sorted
// (`sortedKeys`), nil optionals omitted (undefined is skipped), and — before 1.4.1 — "/" escaped
// as "\/" (reference §2.1). `pretty` mimics `.prettyPrinted`: 2-space indent and " : ".

export function encodeSwiftJson(value, { pretty = false, escapeSlashes = true } = {}) {
  return encode(value, pretty, escapeSlashes, "");
}

function encode(value, pretty, escapeSlashes, indent) {
  if (value === null) return "null";
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const inner = indent + "  ";
    const items = value.map((v) => encode(v, pretty, escapeSlashes, inner));
    return pretty ? `[\n${items.map((i) => inner + i).join(",\n")}\n${indent}]` : `[${items.join(",")}]`;
  }
  if (typeof value === "object") {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    if (keys.length === 0) return "{}";
    const inner = indent + "  ";
    const sep = pretty ? " : " : ":";
    const items = keys.map(
      (k) => `${str(k, escapeSlashes)}${sep}${encode(value[k], pretty, escapeSlashes, inner)}`,
    );
    return pretty ? `{\n${items.map((i) => inner + i).join(",\n")}\n${indent}}` : `{${items.join(",")}}`;
  }
  if (typeof value === "string") return str(value, escapeSlashes);
  return JSON.stringify(value);
}

function str(s, escapeSlashes) {
  const json = JSON.stringify(s);
  return escapeSlashes ? json.replaceAll("/", "\\/") : json;
}

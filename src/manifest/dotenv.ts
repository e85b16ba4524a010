/**
 * `.env` files as Compose reads them: KEY=VALUE lines, optional `export `, `#` comments, single
 * quotes literal, double quotes with \n \t \" \\ escapes, unquoted values trimmed with a
 * trailing ` #comment` dropped. Malformed lines are skipped: a .env file is a convenience, and
 * a missing variable is reported where the manifest uses it.
 */
const LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*)$/;

export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (/^\s*(#|$)/.test(line)) continue;
    const match = LINE.exec(line);
    if (!match || match[1] === undefined) continue;
    let raw = match[2] ?? "";
    // A double-quoted value may span lines until its closing quote.
    if (raw.startsWith('"') && !closesDoubleQuote(raw)) {
      while (i + 1 < lines.length && !closesDoubleQuote(raw)) {
        i++;
        raw += `\n${lines[i] ?? ""}`;
      }
    }
    out[match[1]] = parseValue(raw);
  }
  return out;
}

function closesDoubleQuote(raw: string): boolean {
  for (let i = 1; i < raw.length; i++) {
    if (raw[i] === "\\") i++;
    else if (raw[i] === '"') return true;
  }
  return false;
}

function parseValue(raw: string): string {
  if (raw.startsWith("'")) {
    const end = raw.indexOf("'", 1);
    return end === -1 ? raw.slice(1) : raw.slice(1, end);
  }
  if (raw.startsWith('"')) {
    let out = "";
    for (let i = 1; i < raw.length; i++) {
      const ch = raw[i];
      if (ch === '"') break;
      if (ch === "\\" && i + 1 < raw.length) {
        i++;
        const esc = raw[i] ?? "";
        out += esc === "n" ? "\n" : esc === "t" ? "\t" : esc === "r" ? "\r" : esc;
        continue;
      }
      out += ch;
    }
    return out;
  }
  return raw.replace(/\s+#.*$/, "").trim();
}

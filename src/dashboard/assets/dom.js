// DOM helpers and formatting shared by the dashboard's modules (no framework: a few lines do).

export const byId = (id) => document.getElementById(id);

/** Element builder: attrs with `text`, `class`, `on<event>` and any attribute; children are nodes or strings. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) node.append(c);
  return node;
}

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  setAttrs(node, attrs);
  for (const c of children.flat()) if (c) node.append(c);
  return node;
}

export function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") node.textContent = String(v);
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
}

export function badge(summary) {
  return el("span", { class: `badge s-${summary}`, "data-summary": summary, text: summary });
}

// ---- formatting ----------------------------------------------------------------------------

export function clock(iso) {
  const t = new Date(iso);
  return Number.isNaN(t.getTime()) ? String(iso) : t.toLocaleTimeString([], { hour12: false });
}

export function shortDigest(d) {
  const m = /^(sha256:)?([0-9a-f]{12})/.exec(d);
  return m ? `sha256:${m[2]}` : d;
}

/** Code-point order, as the daemon sorts: the same list reads the same everywhere. */
export function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

// The page's view: projects, services, instances, plan, timeline and events, built from the
// daemon's status, plan and event stream. Pure DOM construction; the main module owns the data.
import { badge, clock, el, shortDigest, svg } from "./dom.js";

const EVENTS_PER_SERVICE = 6;
const TIMELINE_WINDOW_MS = 60 * 60 * 1000;

let state;
let actions;

/** Replaces the projects' DOM from `state`; `actions.act`/`actions.api` run the buttons. */
export function renderAll(root, current, acts) {
  state = current;
  actions = acts;
  // Rebuilding the DOM must not steal the keyboard user's place: refocus the same control.
  const focusKey = document.activeElement?.dataset?.key;
  root.replaceChildren(...(state.projects.length ? state.projects.map(renderProject) : [emptyState()]));
  root.setAttribute("aria-busy", state.loaded ? "false" : "true");
  if (focusKey) root.querySelector(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
}

function emptyState() {
  return el("p", {
    text: "No project is supervised yet. Apply a manifest or start the daemon with --project-file.",
  });
}

function renderProject(p) {
  const d = p.daemon || {};
  const pausedAll = Boolean(d.paused?.all);
  const headingId = `project-${p.project}`;
  return el(
    "section",
    { class: "project", "aria-labelledby": headingId },
    el("h2", { id: headingId }, `Project ${p.project} `, badge(p.summary)),
    el(
      "p",
      { class: "meta" },
      [
        d.mode ? `mode ${d.mode}` : null,
        d.lastPassAt ? `last pass ${clock(d.lastPassAt)}` : null,
        pausedAll ? "paused: repairs stop until resumed" : null,
        d.runtimeUnavailable ? `runtime unavailable: ${d.runtimeUnavailable}` : null,
      ]
        .filter(Boolean)
        .join(" · "),
    ),
    renderPlan(p),
    (p.orphans || []).length ? el("p", { text: `Orphans: ${p.orphans.join(", ")}` }) : null,
    (p.services || []).map((s) => renderService(p, s)),
  );
}

function renderPlan(p) {
  const plan = state.plans.get(p.project);
  const box = el("div", { class: "plan" }, el("h3", { text: "What apply would change now" }));
  if (!plan || plan.error || (!plan.changes && !(plan.blocked || []).length)) {
    const text = !plan
      ? "Computing the plan…"
      : plan.error
        ? `Plan unavailable: ${plan.error}`
        : "No changes: converged.";
    box.append(el("p", { class: "meta", text }));
    return box;
  }
  const changed = (plan.services || []).filter((s) => s.action !== "unchanged");
  box.append(
    el(
      "ul",
      {},
      changed.map((s) => el("li", {}, el("strong", { text: s.service }), ` ${s.action}: ${s.detail}`)),
    ),
    el(
      "ol",
      {},
      (plan.ops || []).map((op) => el("li", { text: `${op.kind} ${op.name || op.target}: ${op.cause}` })),
    ),
    (plan.blocked || []).length
      ? el("p", { text: `Blocked: ${plan.blocked.map((b) => `${b.service} (${b.reason})`).join("; ")}` })
      : "",
  );
  if (plan.changes) {
    const short = plan.hash.slice(0, 12);
    box.append(
      actionButton(`apply:${p.project}`, `Apply now (plan ${short})`, "primary", () =>
        actions.act(
          `Apply plan ${short} to project ${p.project}? It runs exactly the operations listed; if the plan changed meanwhile, nothing is applied.`,
          `Yes, apply plan ${short}`,
          () => actions.api("POST", "/v1/apply", { project: p.project, expectedHash: plan.hash }),
          `Applied plan ${short} to ${p.project}.`,
        ),
      ),
    );
  }
  return box;
}

function renderService(p, s) {
  const d = p.daemon || {};
  const paused = Boolean(d.paused && (d.paused.all || (d.paused.services || []).includes(s.name)));
  const running = (s.instances || []).some((i) => i.state === "running");
  const headingId = `service-${p.project}-${s.name}`;
  const events = state.events.filter((e) => e.project === p.project && e.service === s.name);
  return el(
    "section",
    { class: "service", "aria-labelledby": headingId },
    el(
      "div",
      { class: "service-head" },
      el("h3", { id: headingId }, `${s.name} `, badge(s.summary), paused ? " (paused)" : ""),
      el(
        "div",
        { class: "actions" },
        paused
          ? serviceAction(p, s, "resume", "Resume", "The daemon may repair it again.")
          : serviceAction(
              p,
              s,
              "pause",
              "Pause",
              "The daemon keeps reporting drift but repairs nothing until resumed.",
            ),
        running
          ? serviceAction(
              p,
              s,
              "stop",
              "Stop",
              "Its containers stop; the daemon leaves them stopped until started.",
            )
          : serviceAction(p, s, "start", "Start", "Its operator-stopped containers start again."),
      ),
    ),
    el("p", { class: "meta", text: `${s.running} of ${s.desired} running` }),
    renderInstances(s, d),
    renderRecommendations(s, d),
    el("h4", { text: "Timeline (last hour)" }),
    timeline(s.name, events),
    el("h4", { text: "Recent events" }),
    recentEvents(events),
  );
}

const DONE = { pause: "Paused", resume: "Resumed", stop: "Stopped", start: "Started" };

function serviceAction(p, s, verb, label, consequence) {
  const name = `${label} ${s.name}`;
  return actionButton(`${verb}:${p.project}/${s.name}`, name, "", () =>
    actions.act(
      `${name} in project ${p.project}? ${consequence}`,
      `Yes, ${verb} ${s.name}`,
      () => actions.api("POST", `/v1/${verb}`, { project: p.project, service: s.name }),
      `${DONE[verb]} ${s.name}.`,
    ),
  );
}

function actionButton(key, label, cls, onclick) {
  return el("button", { type: "button", class: cls || undefined, "data-key": key, text: label, onclick });
}

/** data-label names the column again where a phone shows each row as a card. */
function cell(col, label, text, attrs = {}) {
  return el("td", { "data-col": col, "data-label": label, text, ...attrs });
}

function renderInstances(s, d) {
  const backoff = d.backoff || {};
  const rows = (s.instances || []).map((i) => {
    const b = backoff[i.name];
    const digest = i.imageDigest || i.digest;
    return el(
      "tr",
      { "data-instance": i.name },
      el("th", { scope: "row", class: "mono", text: i.name }),
      cell(
        "state",
        "State",
        i.exitCode !== undefined && i.state !== "running" ? `${i.state} (exit ${i.exitCode})` : i.state,
      ),
      cell("health", "Health", i.health),
      cell("restarts", "Restarts", b ? String(b.restarts) : "0"),
      cell("backoff", "Back-off", b?.next ? b.next : "—"),
      cell("drift", "Drift", i.drift || "none"),
      cell("digest", "Image digest", digest ? shortDigest(digest) : "—", {
        class: "mono",
        title: digest || undefined,
      }),
    );
  });
  const head = ["Instance", "State", "Health", "Restarts", "Back-off", "Drift", "Image digest"];
  return el(
    "div",
    { class: "table-wrap", role: "region", tabindex: "0", "aria-label": `Instances of ${s.name}` },
    el(
      "table",
      { class: "instances" },
      el("caption", { class: "visually-hidden", text: `Instances of ${s.name}` }),
      el(
        "thead",
        {},
        el(
          "tr",
          {},
          head.map((h) => el("th", { scope: "col", text: h })),
        ),
      ),
      el("tbody", {}, rows),
    ),
  );
}

function renderRecommendations(s, d) {
  const decisions = d.decisions || {};
  const recs = (s.instances || [])
    .map((i) => [i.name, decisions[i.name]])
    .filter(([, dec]) => dec && dec.verdict !== "act")
    .map(
      ([name, dec]) =>
        `${name}: ${dec.verdict}${dec.action === "none" ? "" : ` ${dec.action}`} — ${dec.reason}`,
    );
  const drift = (s.drift || []).map((x) => `drift: ${x}`);
  if (!recs.length && !drift.length) return null;
  return el(
    "div",
    {},
    el("h4", { text: "Recommendations" }),
    el(
      "ul",
      { class: "recs" },
      [...recs, ...drift].map((t) => el("li", { text: t })),
    ),
  );
}

/** A strip chart of the service's events in the last hour: one dot per event, coloured by severity. */
function timeline(service, events) {
  const W = 360;
  const H = 44;
  const end = Date.now();
  const start = end - TIMELINE_WINDOW_MS;
  const recent = events.filter((e) => Date.parse(e.timestamp) >= start);
  const count = (sev) => recent.filter((e) => e.severity === sev).length;
  const label = `${recent.length} events of ${service} in the last hour: ${count("error")} errors, ${count("warning")} warnings`;
  const x = (t) => 6 + ((Date.parse(t) - start) / TIMELINE_WINDOW_MS) * (W - 12);
  const lane = { error: 12, warning: 22, info: 32 };
  return svg(
    "svg",
    {
      class: "timeline",
      viewBox: `0 0 ${W} ${H}`,
      role: "img",
      "aria-label": label,
      "data-count": recent.length,
    },
    svg("title", {}, label),
    svg("line", { class: "axis", x1: 6, x2: W - 6, y1: 38, y2: 38 }),
    svg("text", { x: 6, y: 8 }, "−60 min"),
    svg("text", { x: W - 6, y: 8, "text-anchor": "end" }, "now"),
    recent.map((e) =>
      svg(
        "circle",
        { class: `sev-${e.severity}`, cx: x(e.timestamp).toFixed(1), cy: lane[e.severity] ?? 32, r: 3.5 },
        svg("title", {}, `${clock(e.timestamp)} ${e.type}: ${e.message}`),
      ),
    ),
  );
}

function recentEvents(events) {
  const latest = events.slice(-EVENTS_PER_SERVICE).reverse();
  if (!latest.length) return el("p", { class: "meta", text: "No events yet." });
  return el(
    "ol",
    { class: "events" },
    latest.map((e) =>
      el(
        "li",
        { class: `sev-${e.severity}`, "data-type": e.type },
        el("time", { datetime: e.timestamp, text: clock(e.timestamp) }),
        ` ${e.type}${e.instance ? ` ${e.instance}` : ""}: ${e.message}`,
      ),
    ),
  );
}

// Hostwright dashboard: three small vanilla ES modules (this one, view.js, dom.js), no framework,
// no build step. It reads the daemon's API (GET /v1/status, GET /v1/plan), follows its event stream
// (SSE /v1/events/stream) and acts through the same routes as the CLI (POST /v1/pause, resume, stop, start, apply).
import { byId, cmp } from "./dom.js";
import { renderAll } from "./view.js";

const MAX_EVENTS = 500;
const STATUS_DEBOUNCE_MS = 200;
const PLAN_DEBOUNCE_MS = 1500;

const state = { projects: [], plans: new Map(), events: [], loaded: false };
let previous = new Map();
let source;
let statusTimer;
let planTimer;
async function api(method, path, body) {
  const init = { method, credentials: "same-origin", headers: { accept: "application/json" } };
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const res = await fetch(path, init);
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const e = data?.error;
    const err = new Error(e ? `${e.message}${e.hint ? ` (${e.hint})` : ""}` : `HTTP ${res.status}`);
    err.status = res.status;
    throw err;
  }
  return data;
}

// ---- data ----------------------------------------------------------------------------------

async function refreshStatus() {
  try {
    const data = await api("GET", "/v1/status");
    state.projects = (data.projects || []).slice().sort((a, b) => cmp(a.project, b.project));
    state.loaded = true;
    announceChanges();
    render();
    schedulePlans();
  } catch (err) {
    showAlert(`Could not read the daemon's status: ${err.message}`);
  }
}

async function refreshPlans() {
  for (const p of state.projects) {
    try {
      state.plans.set(p.project, await api("GET", `/v1/plan?project=${encodeURIComponent(p.project)}`));
    } catch (err) {
      state.plans.set(p.project, { error: err.message });
    }
  }
  render();
}

function scheduleStatus() {
  clearTimeout(statusTimer);
  statusTimer = setTimeout(refreshStatus, STATUS_DEBOUNCE_MS);
}

function schedulePlans() {
  clearTimeout(planTimer);
  planTimer = setTimeout(refreshPlans, PLAN_DEBOUNCE_MS);
}

/** The daemon's events, live. Each connection replays recent history after `hello`. */
function connect() {
  if (source) source.close();
  source = new EventSource("/v1/events/stream?limit=300");
  source.addEventListener("hello", () => {
    state.events = [];
    setConnection("live", "Live");
    scheduleStatus();
  });
  source.addEventListener("hw", (m) => {
    state.events.push(JSON.parse(m.data));
    if (state.events.length > MAX_EVENTS) state.events.splice(0, state.events.length - MAX_EVENTS);
    scheduleStatus();
  });
  source.addEventListener("error", () => setConnection("offline", "Reconnecting…"));
}

function setConnection(kind, text) {
  const node = byId("connection");
  node.dataset.state = kind;
  node.textContent = text;
}

// ---- announcements (aria-live) -------------------------------------------------------------

/** Tells screen-reader users what changed since the last status: summaries and instance states. */
function announceChanges() {
  const now = new Map();
  const changes = [];
  for (const p of state.projects) {
    now.set(p.project, p.summary);
    for (const s of p.services || []) {
      now.set(`${p.project}/${s.name}`, s.summary);
      for (const i of s.instances || []) now.set(`${p.project}/${s.name}/${i.name}`, i.state);
    }
  }
  if (previous.size > 0) {
    for (const [key, value] of now) {
      const before = previous.get(key);
      if (before !== undefined && before !== value) changes.push(`${key.split("/").pop()} is now ${value}`);
    }
  }
  previous = now;
  if (changes.length) announce(`${changes.slice(0, 5).join("; ")}.`);
}

function announce(text) {
  const node = byId("announcer");
  node.textContent = "";
  // A fresh text node after clearing makes screen readers read a repeated message again.
  setTimeout(() => {
    node.textContent = text;
  }, 50);
}

function showAlert(text) {
  const node = byId("alert");
  node.hidden = !text;
  node.textContent = text || "";
}

function render() {
  renderAll(byId("projects"), state, { act, api });
}

// ---- actions -------------------------------------------------------------------------------

/** Every action asks first, in a real modal dialog; Escape or Cancel does nothing. */
function confirmDialog(text, yesLabel) {
  const dialog = byId("confirm");
  byId("confirm-text").textContent = text;
  byId("confirm-ok").textContent = yesLabel;
  dialog.returnValue = "";
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "confirm"), { once: true });
    dialog.showModal();
    byId("confirm-cancel").focus();
  });
}

async function act(question, yesLabel, call, done) {
  const trigger = document.activeElement;
  if (!(await confirmDialog(question, yesLabel))) {
    trigger?.focus?.();
    return;
  }
  for (const b of document.querySelectorAll("#projects button")) b.disabled = true;
  try {
    await call();
    showAlert("");
    announce(done);
  } catch (err) {
    showAlert(err.message);
  }
  await refreshStatus();
  // Operator actions are journaled in the store: reconnecting replays them into the timeline.
  connect();
  void refreshPlans();
}

connect();
void refreshStatus();

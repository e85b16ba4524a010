/**
 * Issue 13: the dashboard in a real headless Chromium against a real daemon (--http on loopback)
 * and the real engine. The page lists the services with their state, shows a killed container's
 * restart without a reload, pauses a service through its confirm dialog (the CLI's status agrees),
 * refuses requests without the token or from a foreign Origin, and logs no console errors.
 */
import { copyFileSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Workspace } from "../e2e/cli.js";
import { eventually } from "../e2e/daemon-process.js";
import { cleanupProject, projectContainers } from "../e2e/docker-state.js";
import { freePort } from "../e2e/ports.js";
import { dockerCli, uniqueProject } from "../harness/index.js";
import { DashboardDaemon } from "./dashboard-daemon.js";

const ARTIFACTS = resolve(import.meta.dirname, "../../.hostwright-dev/artifacts");
const P = uniqueProject("dash");
const ws = new Workspace(P);
const daemon = new DashboardDaemon(ws);
let browser: Browser;
let base: string;
let urlWithToken: string;
let token: string;

beforeAll(async () => {
  ws.write(`version: 2
project: ${P}
services:
  web:
    image: hostwright.local/busybox:1
    stopGracePeriod: 1s
    command: [httpd, -f, -p, "8080", -h, /www]
`);
  const port = await freePort();
  daemon.start(["--http", `127.0.0.1:${port}`, "--project-file", ws.manifest]);
  const line = await daemon.waitForStdout(/^Dashboard: /);
  urlWithToken = line.replace(/^Dashboard: /, "");
  const u = new URL(urlWithToken);
  token = u.searchParams.get("token") ?? "";
  base = `${u.origin}/`;
  await eventually(async () => (await web1())?.state === "running", 60_000, "web-1 running");
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await daemon.stop();
  await cleanupProject(P);
});

async function web1() {
  return (await projectContainers(P)).find((c) => c.name === `${P}-web-1`);
}

function bearer(t = token): Record<string, string> {
  return { authorization: `Bearer ${t}` };
}

describe("dashboard over HTTP", () => {
  it("prints the URL once, keeps the token out of the log, and `hostwright dashboard` prints it again", async () => {
    expect(daemon.stdout.filter((l) => l.startsWith("Dashboard: "))).toHaveLength(1);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(daemon.stderr.join("\n")).not.toContain(token);
    const again = await ws.json<{ url: string; baseUrl: string }>(["dashboard"]);
    expect(again.url).toBe(urlWithToken);
    expect(again.baseUrl).toBe(base);
  });

  it("refuses a request without the token, with a wrong one, and a POST from a foreign Origin", async () => {
    expect((await fetch(`${base}v1/status`)).status).toBe(401);
    expect((await fetch(base)).status).toBe(401);
    expect((await fetch(`${base}v1/status`, { headers: bearer("x".repeat(43)) })).status).toBe(401);
    expect((await fetch(`${base}?token=wrong`, { redirect: "manual" })).status).toBe(401);
    expect((await fetch(`${base}v1/status`, { headers: bearer() })).status).toBe(200);
    const foreign = await fetch(`${base}v1/pause`, {
      method: "POST",
      headers: { ...bearer(), "content-type": "application/json", origin: "http://evil.example" },
      body: JSON.stringify({ project: P, service: "web" }),
    });
    expect(foreign.status).toBe(403);
    // The refused POST changed nothing.
    const status = await ws.json<{ daemon?: { paused?: unknown } }>(["status", "-p", P]);
    expect(JSON.stringify(status.daemon?.paused ?? {})).not.toContain("web");
    // ?token= is traded for an HttpOnly, SameSite=Strict cookie and dropped from the URL.
    const trade = await fetch(urlWithToken, { redirect: "manual" });
    expect(trade.status).toBe(303);
    expect(trade.headers.get("location")).toBe("/");
    expect(trade.headers.get("set-cookie")).toMatch(/HttpOnly; SameSite=Strict/);
  });

  it("lists services live, shows a kill without a reload, and pauses web through its dialog", async () => {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
    await page.goto(urlWithToken);
    expect(page.url()).toBe(base);

    const service = page.getByRole("region", { name: /^web / });
    const row = service.locator(`tr[data-instance="${P}-web-1"]`);
    await expect
      .poll(() => row.locator('[data-col="state"]').textContent(), { timeout: 20_000 })
      .toBe("running");
    await expect
      .poll(() => service.locator("h3 [data-summary]").textContent(), { timeout: 20_000 })
      .toBe("nominal");
    await page.getByRole("heading", { name: `Project ${P} nominal` }).waitFor();
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "dashboard.png"), fullPage: true });

    // A marker on the document proves the page was never reloaded while it caught up.
    // Functions run in the page; the casts stand in for DOM types this test's TypeScript lacks.
    await page.evaluate(() => {
      (globalThis as unknown as { hwMarker: number }).hwMarker = 1;
    });
    await dockerCli(["kill", `${P}-web-1`]);
    await page.waitForFunction(
      (name) => {
        const doc = (
          globalThis as unknown as {
            document: { querySelector(s: string): { textContent: string | null } | null };
          }
        ).document;
        const restarts = doc.querySelector(`tr[data-instance="${name}"] [data-col="restarts"]`);
        return Number(restarts?.textContent) >= 1 && doc.querySelector('li[data-type="restarted"]') !== null;
      },
      `${P}-web-1`,
      { timeout: 20_000 },
    );
    expect(await page.evaluate(() => (globalThis as unknown as { hwMarker?: number }).hwMarker)).toBe(1);
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-after-kill.png"), fullPage: true });

    await pauseWeb(page);
    await eventually(
      async () => {
        const status = await ws.json<{ daemon?: { paused?: { services?: string[] } } }>(["status", "-p", P]);
        return status.daemon?.paused?.services?.includes("web");
      },
      20_000,
      "status shows web paused",
    );
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-paused.png"), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });
});

describe("dashboard actions", () => {
  it("applies the plan it shows (Apply now with its hash), then resumes, stops and starts web", async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
    await page.goto(urlWithToken);
    await page.getByRole("button", { name: "Resume web", exact: true }).waitFor();
    // Paused: the daemon leaves a stopped container alone, so the plan has something to do.
    await dockerCli(["stop", "-t", "1", `${P}-web-1`]);
    const apply = page.getByRole("button", { name: /^Apply now \(plan [0-9a-f]{12}\)$/ });
    await apply.waitFor({ timeout: 30_000 });
    const shown = ((await apply.textContent()) ?? "").replace(/^.*plan ([0-9a-f]{12}).*$/, "$1");
    const plan = (await (await fetch(`${base}v1/plan?project=${P}`, { headers: bearer() })).json()) as {
      hash: string;
    };
    expect(plan.hash.slice(0, 12)).toBe(shown);
    await page.screenshot({ path: join(ARTIFACTS, "dashboard-phone-plan.png"), fullPage: true });
    await apply.click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: `Yes, apply plan ${shown}` })
      .click();
    await eventually(
      async () => (await web1())?.state === "running",
      30_000,
      "web-1 running after Apply now",
    );
    await page.getByText("No changes: converged.").waitFor({ timeout: 30_000 });

    await confirmAction(page, "Resume web", "Yes, resume web", "Stop web");
    await confirmAction(page, "Stop web", "Yes, stop web", "Start web");
    expect((await web1())?.state).toBe("exited");
    await confirmAction(page, "Start web", "Yes, start web", "Stop web");
    await eventually(async () => (await web1())?.state === "running", 30_000, "web-1 started again");
    // Cancel does nothing: the dialog closes and web keeps running.
    await page.getByRole("button", { name: "Stop web", exact: true }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
    expect((await web1())?.state).toBe("running");
    await page.close();
    expect(problems).toEqual([]);
  });
});

/** Clicks an action, confirms it in the dialog, and waits for the button the new state offers. */
async function confirmAction(page: Page, button: string, yes: string, next: string): Promise<void> {
  await page.getByRole("button", { name: button, exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: yes }).click();
  await page.getByRole("button", { name: next, exact: true }).waitFor({ timeout: 30_000 });
}

async function pauseWeb(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Pause web", exact: true }).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  await dialog.getByRole("button", { name: "Yes, pause web" }).click();
  await page.getByRole("button", { name: "Resume web", exact: true }).waitFor({ timeout: 20_000 });
}

/** Keeps one good screenshot for the README when asked (HW_DASHBOARD_SCREENSHOT=1). */
afterAll(() => {
  if (process.env.HW_DASHBOARD_SCREENSHOT === "1")
    copyFileSync(
      join(ARTIFACTS, "dashboard-paused.png"),
      resolve(import.meta.dirname, "../../docs/dashboard.png"),
    );
});

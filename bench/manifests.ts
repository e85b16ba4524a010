/**
 * The same N independent services, written for each tool: busybox httpd, one fixed host port each
 * on 127.0.0.1, a 1 s stop grace. busybox httpd as PID 1 ignores SIGTERM, so it runs under a shell
 * that exits on TERM: stops are then instant for every tool and the numbers measure orchestration,
 * not a grace period.
 */
export const IMAGE = "hostwright.local/busybox:1";
export const HTTPD_COMMAND = ["sh", "-c", "trap 'exit 0' TERM; httpd -f -p 8080 -h /www & wait"];

export interface StackOptions {
  /** Number of services. */
  n: number;
  /** Service i (1-based) publishes 127.0.0.1:(portBase + i) → 8080. */
  portBase: number;
  /** Per-service extra env (the "one change" scenario edits one service's). */
  env?: (index: number) => Record<string, string>;
  /** A readiness probe (HTTP GET / on 8080) with this interval, e.g. "10s". */
  readinessInterval?: string;
}

export function serviceName(index: number): string {
  return `s${String(index).padStart(3, "0")}`;
}

function baseEnv(index: number, opts: StackOptions): Record<string, string> {
  return { BENCH_SERVICE: serviceName(index), ...(opts.env?.(index) ?? {}) };
}

const json = (value: unknown): string => JSON.stringify(value);

export function hostwrightManifest(project: string, opts: StackOptions): string {
  const lines = [`version: 2`, `project: ${project}`, `services:`];
  for (let i = 1; i <= opts.n; i++) {
    lines.push(
      `  ${serviceName(i)}:`,
      `    image: ${IMAGE}`,
      `    command: ${json(HTTPD_COMMAND)}`,
      `    ports: [${json(`127.0.0.1:${opts.portBase + i}:8080`)}]`,
      `    stopGracePeriod: 1s`,
      `    env: ${json(baseEnv(i, opts))}`,
    );
    if (opts.readinessInterval) {
      lines.push(`    probes:`, `      readiness: {http: {path: /}, interval: ${opts.readinessInterval}}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

/**
 * The same services, one flow-style line each and without the shell wrapper (the image's own
 * command): for planner sizes (5,000) whose block form would pass the manifest's 1 MiB limit.
 */
export function compactHostwrightManifest(project: string, opts: StackOptions): string {
  const lines = [`version: 2`, `project: ${project}`, `services:`];
  for (let i = 1; i <= opts.n; i++) {
    const probes = opts.readinessInterval
      ? `, probes: {readiness: {http: {path: /}, interval: ${opts.readinessInterval}}}`
      : "";
    lines.push(
      `  ${serviceName(i)}: {image: ${IMAGE}, ports: [${json(`127.0.0.1:${opts.portBase + i}:8080`)}], stopGracePeriod: 1s, env: ${json(baseEnv(i, opts))}${probes}}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export function composeFile(opts: StackOptions & { restartAlways?: boolean }): string {
  const lines = [`version: "2.4"`, `services:`];
  for (let i = 1; i <= opts.n; i++) {
    lines.push(
      `  ${serviceName(i)}:`,
      `    image: ${IMAGE}`,
      `    command: ${json(HTTPD_COMMAND)}`,
      `    ports: [${json(`127.0.0.1:${opts.portBase + i}:8080`)}]`,
      `    stop_grace_period: 1s`,
      `    environment: ${json(baseEnv(i, opts))}`,
    );
    if (opts.restartAlways) lines.push(`    restart: always`);
  }
  return `${lines.join("\n")}\n`;
}

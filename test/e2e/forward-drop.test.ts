/**
 * Issue 14, defect 10 on the real engine: a machine whose own Docker left iptables' FORWARD policy
 * at DROP (every dockerd with iptables does) must still let containers on the private test
 * engine's bridges talk to each other. scripts/engine.sh opens exactly its own address pool's
 * bridge-to-bridge traffic; this test sets FORWARD to DROP as such a host has it and checks a
 * container reaches another by name. The host's policy is restored afterwards.
 *
 * Only meaningful where bridged traffic goes through iptables (br_netfilter with
 * bridge-nf-call-iptables=1) and we may change the firewall (root with iptables); elsewhere the
 * defect cannot occur and the test says so by skipping.
 */
import { existsSync, readFileSync } from "node:fs";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { dockerCli, dockerCliOk, uniqueProject } from "../harness/index.js";

function bridgedTrafficIsFiltered(): boolean {
  try {
    return readFileSync("/proc/sys/net/bridge/bridge-nf-call-iptables", "utf8").trim() === "1";
  } catch {
    return false;
  }
}

// Both backends hook FORWARD (a host's Docker may have used either), so DROP goes into each present.
const backends = ["iptables-nft", "iptables-legacy"]
  .map((b) => ["/usr/sbin", "/sbin"].map((d) => `${d}/${b}`).find((p) => existsSync(p)))
  .filter((p): p is string => p !== undefined);
const applicable = process.getuid?.() === 0 && backends.length > 0 && bridgedTrafficIsFiltered();

async function forwardPolicy(ipt: string): Promise<string> {
  const { stdout } = await execa(ipt, ["-w", "-S", "FORWARD"]);
  const policy = stdout.split("\n").find((l) => l.startsWith("-P FORWARD "));
  return policy?.split(" ")[2] ?? "ACCEPT";
}

describe.skipIf(!applicable)("private engine on a host whose FORWARD policy is DROP", () => {
  it("containers on our bridges still reach each other by name", async () => {
    const P = uniqueProject("fwd");
    const net = `${P}_net`;
    const was = new Map<string, string>();
    for (const ipt of backends) was.set(ipt, await forwardPolicy(ipt));
    try {
      for (const ipt of backends) await execa(ipt, ["-w", "-P", "FORWARD", "DROP"]);
      await dockerCliOk(["network", "create", net]);
      await dockerCliOk([
        "run",
        "-d",
        "--name",
        `${P}-web`,
        "--network",
        net,
        "--network-alias",
        "web",
        "hostwright.local/busybox:1",
      ]);
      const got = await dockerCli([
        "run",
        "--rm",
        "--network",
        net,
        "hostwright.local/busybox:1",
        // busybox wget's own -T crashes in this static build; timeout bounds a dropped SYN instead.
        "timeout",
        "5",
        "wget",
        "-q",
        "-O",
        "-",
        "http://web:8080/",
      ]);
      expect(got.exitCode).toBe(0);
      expect(got.stdout).toContain("hostwright ok");
    } finally {
      for (const [ipt, policy] of was) await execa(ipt, ["-w", "-P", "FORWARD", policy]);
      await dockerCli(["rm", "-f", `${P}-web`]);
      await dockerCli(["network", "rm", net]);
    }
  });
});

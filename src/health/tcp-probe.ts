/** tcp probe: healthy iff a connection is accepted within the timeout. */
import { connect } from "node:net";
import { formatHostPort } from "./probe-address.js";
import type { ProbeOutcome } from "./probe-outcome.js";

export function tcpProbe(address: { host: string; port: number }, timeoutMs: number): Promise<ProbeOutcome> {
  const where = formatHostPort(address.host, address.port);
  return new Promise((resolve) => {
    const socket = connect({ host: address.host, port: address.port });
    const finish = (outcome: ProbeOutcome): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(
      () => finish({ ok: false, output: "", error: `connect to ${where} timed out after ${timeoutMs}ms` }),
      timeoutMs,
    );
    socket.once("connect", () => finish({ ok: true, output: `connected to ${where}` }));
    socket.once("error", (err) =>
      finish({ ok: false, output: "", error: `connect to ${where}: ${err.message}` }),
    );
  });
}

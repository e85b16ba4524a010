/** One notification as each receiver format wants it. Only the Notification's own fields are used. */
import type { NotifyFormat, NotifySeverity } from "../core/index.js";
import type { Notification } from "./notification.js";

export interface RenderedRequest {
  body: string;
  headers: Record<string, string>;
}

const NTFY_PRIORITY: Record<NotifySeverity, string> = {
  info: "default",
  warning: "high",
  critical: "urgent",
};
const NTFY_TAG: Record<NotifySeverity, string> = {
  info: "white_check_mark",
  warning: "warning",
  critical: "rotating_light",
};

export function headline(n: Notification): string {
  return `[hostwright] ${n.project}/${n.service}: ${n.message}`;
}

export function renderRequest(format: NotifyFormat, n: Notification): RenderedRequest {
  const json = { "content-type": "application/json" };
  switch (format) {
    case "json":
      return { body: JSON.stringify(n), headers: json };
    case "slack":
      return { body: JSON.stringify({ text: headline(n) }), headers: json };
    case "discord":
      return { body: JSON.stringify({ content: headline(n) }), headers: json };
    case "ntfy":
      return {
        body: `${n.message} (${n.reason}, ${n.host}, ${n.time})`,
        headers: {
          "content-type": "text/plain; charset=utf-8",
          Title: `hostwright: ${n.project}/${n.service} ${n.transition}`,
          Priority: NTFY_PRIORITY[n.severity],
          Tags: `${NTFY_TAG[n.severity]},hostwright,${n.transition}`,
        },
      };
  }
}

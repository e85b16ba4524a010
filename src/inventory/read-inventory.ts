import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { compareCodeUnits } from "../core/index.js";
import { type Diagnostic, DOCUMENT_START } from "../manifest/diagnostics.js";
import { parseDotenv } from "../manifest/dotenv.js";
import { diagnosticAt, InventoryCode } from "./inventory-codes.js";

/** An inventory's files as read from disk: the pure parser (parse-inventory.ts) takes this. */
export interface InventorySources {
  /** Absolute inventory directory. */
  dir: string;
  projectFile: string;
  /** undefined = missing or unreadable (reported in `layout`). */
  projectText: string | undefined;
  /** Sorted by node name. */
  hosts: HostSource[];
  /** Layout problems found while reading (a file where a node folder belongs, ...). */
  layout: Diagnostic[];
  /** Variables from DIR/.env, when there is one. */
  dotenv?: Record<string, string>;
}

export interface HostSource {
  /** The folder name: the node's hostname in the swarm. */
  node: string;
  /** DIR/hosts/<node>/services.yaml */
  file: string;
  /** undefined = the node folder has no services.yaml (a node that runs nothing, with a warning). */
  text: string | undefined;
}

export const PROJECT_FILE = "project.yaml";
export const HOSTS_DIR = "hosts";
export const SERVICES_FILE = "services.yaml";

/** Layout problems are about a whole file or folder: reported at its start. */
const at = (
  file: string,
  severity: Diagnostic["severity"],
  code: InventoryCode,
  message: string,
  hint?: string,
): Diagnostic => diagnosticAt(file, DOCUMENT_START, severity, code, "", message, hint);

const kind = (p: string): "file" | "dir" | "missing" => {
  try {
    return statSync(p).isDirectory() ? "dir" : "file";
  } catch {
    return "missing";
  }
};

const readText = (file: string): string | undefined => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
};

/**
 * Read DIR/project.yaml, DIR/.env and every DIR/hosts/<node>/services.yaml. Entries of hosts/
 * whose names start with "." (.gitkeep, .DS_Store) are skipped; anything else that is not a
 * folder is an error. Other files inside a node folder are not the inventory's and are left alone.
 */
export function readInventory(dirArg: string): InventorySources {
  const dir = path.resolve(dirArg);
  const projectFile = path.join(dir, PROJECT_FILE);
  const layout: Diagnostic[] = [];
  const projectText = readText(projectFile);
  if (projectText === undefined) {
    layout.push(
      at(
        projectFile,
        "error",
        InventoryCode.projectFileMissing,
        kind(projectFile) === "dir"
          ? "project.yaml is a directory"
          : "cannot read project.yaml: an inventory directory needs one",
        "project.yaml holds version, project, volumes and reconcile; or pass a manifest file with -f FILE",
      ),
    );
  }
  const hostsDir = path.join(dir, HOSTS_DIR);
  const hosts: HostSource[] = [];
  if (kind(hostsDir) !== "dir") {
    layout.push(
      at(
        hostsDir,
        "error",
        InventoryCode.hostsMissing,
        kind(hostsDir) === "file" ? "hosts is a file, not a folder" : "no hosts/ folder",
        "put each node's services in hosts/<node>/services.yaml (<node> = its hostname in the swarm)",
      ),
    );
  } else {
    const names = readdirSync(hostsDir)
      .filter((n) => !n.startsWith("."))
      .sort(compareCodeUnits);
    for (const node of names) {
      const folder = path.join(hostsDir, node);
      if (kind(folder) !== "dir") {
        layout.push(
          at(
            folder,
            "error",
            InventoryCode.hostEntryNotFolder,
            `hosts/${node} is a file; each entry of hosts/ is a node folder`,
            `move it to hosts/<node>/${SERVICES_FILE}`,
          ),
        );
        continue;
      }
      const file = path.join(folder, SERVICES_FILE);
      const k = kind(file);
      const text = k === "file" ? readText(file) : undefined;
      if (k === "file" && text === undefined) {
        layout.push(
          at(
            file,
            "error",
            InventoryCode.servicesFileUnreadable,
            `cannot read hosts/${node}/${SERVICES_FILE}`,
          ),
        );
        continue;
      }
      if (k === "dir") {
        layout.push(
          at(
            file,
            "error",
            InventoryCode.servicesFileUnreadable,
            `hosts/${node}/${SERVICES_FILE} is a directory`,
          ),
        );
        continue;
      }
      if (k === "missing" && kind(path.join(folder, "services.yml")) === "file") {
        layout.push(
          at(
            path.join(folder, "services.yml"),
            "error",
            InventoryCode.servicesFileUnreadable,
            `hosts/${node}/services.yml is not read`,
            `rename it to ${SERVICES_FILE}`,
          ),
        );
        continue;
      }
      hosts.push({ node, file, text });
    }
  }
  const dotenvText = readText(path.join(dir, ".env"));
  return {
    dir,
    projectFile,
    projectText,
    hosts,
    layout,
    ...(dotenvText === undefined ? {} : { dotenv: parseDotenv(dotenvText) }),
  };
}

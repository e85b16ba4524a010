// Containers in the emulator run nothing, so `exec` (and a container's init process, for its
// log and whether it keeps running) is answered by this tiny interpreter. It knows: true,
// false, exit N, echo [-n], sleep N, env, printenv [NAME], cat FILE (only /etc/hostname
// exists), trap, wait, and `sh -c SCRIPT` with ; && || & and $VAR / ${VAR} expansion.

const LONG_RUNNING = Symbol("long-running");

function tokenize(script, env) {
  const items = [];
  let word = null;
  const push = () => {
    if (word !== null) items.push({ word });
    word = null;
  };
  const expand = (i) => {
    const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(script.slice(i));
    if (!m) return [`$`, 1];
    return [env[m[1] ?? m[2]] ?? "", m[0].length];
  };
  for (let i = 0; i < script.length; ) {
    const c = script[i];
    if (c === "'") {
      const end = script.indexOf("'", i + 1);
      word = (word ?? "") + script.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? script.length : end + 1;
    } else if (c === '"') {
      word ??= "";
      i++;
      while (i < script.length && script[i] !== '"') {
        if (script[i] === "$") {
          const [v, n] = expand(i);
          word += v;
          i += n;
        } else word += script[i++];
      }
      i++;
    } else if (c === "$") {
      const [v, n] = expand(i);
      word = (word ?? "") + v;
      i += n;
    } else if (/\s/.test(c) && c !== "\n") {
      push();
      i++;
    } else if (c === "\n" || c === ";" || c === "&" || c === "|") {
      push();
      const two = script.slice(i, i + 2);
      const op = two === "&&" || two === "||" ? two : c === "\n" ? ";" : c;
      items.push({ op });
      i += op.length;
    } else {
      word = (word ?? "") + c;
      i++;
    }
  }
  push();
  return items;
}

function commands(items) {
  const list = [];
  let current = { words: [], before: ";" };
  for (const item of items) {
    if ("word" in item) current.words.push(item.word);
    else {
      current.after = item.op;
      if (current.words.length > 0) list.push(current);
      current = { words: [], before: item.op };
    }
  }
  if (current.words.length > 0) list.push(current);
  return list;
}

function envLines(env) {
  return Object.entries(env)
    .map(([k, v]) => `${k}=${v}`)
    .join("\n");
}

/**
 * Runs argv. `boot` = this is the init process: `sleep`, `wait` and unknown programs mean "keeps
 * running" (returned as longRunning) instead of being executed.
 */
export async function runArgv(argv, ctx, boot = false) {
  const out = { stdout: "", stderr: "", exitCode: 0, longRunning: false };
  try {
    out.exitCode = await runOne(argv, ctx, out, boot, false);
  } catch (err) {
    if (err === LONG_RUNNING) out.longRunning = true;
    else if (err?.exit !== undefined) out.exitCode = err.exit;
    else throw err;
  }
  return out;
}

async function runOne(argv, ctx, out, boot, inShell) {
  const [cmd = "", ...args] = argv;
  const name = cmd.split("/").pop();
  switch (name) {
    case "true":
    case "trap":
      return 0;
    case "false":
      return 1;
    case "exit":
      throw { exit: Number(args[0] ?? 0) };
    case "echo": {
      const noNewline = args[0] === "-n";
      out.stdout += (noNewline ? args.slice(1) : args).join(" ") + (noNewline ? "" : "\n");
      return 0;
    }
    case "env":
      out.stdout += `${envLines(ctx.env)}\n`;
      return 0;
    case "printenv":
      if (args[0] === undefined) out.stdout += `${envLines(ctx.env)}\n`;
      else if (ctx.env[args[0]] !== undefined) out.stdout += `${ctx.env[args[0]]}\n`;
      return args[0] === undefined || ctx.env[args[0]] !== undefined ? 0 : 1;
    case "cat":
      if (args[0] === "/etc/hostname") {
        out.stdout += `${ctx.id}\n`;
        return 0;
      }
      out.stderr += `cat: can't open '${args[0] ?? ""}': No such file or directory\n`;
      return 1;
    case "sleep":
      if (boot) throw LONG_RUNNING;
      await new Promise((r) => setTimeout(r, Number(args[0] ?? 0) * 1000));
      return 0;
    case "wait":
      if (boot) throw LONG_RUNNING;
      return 0;
    case "sh":
      if (args[0] === "-c" && args[1] !== undefined) return runScript(args[1], ctx, out, boot);
      if (boot) throw LONG_RUNNING;
      return 0;
    default:
      if (boot) throw LONG_RUNNING;
      if (inShell) {
        out.stderr += `sh: ${cmd}: not found\n`;
        return 127;
      }
      throw { notFound: cmd };
  }
}

async function runScript(script, ctx, out, boot) {
  let status = 0;
  for (const c of commands(tokenize(script, ctx.env))) {
    if (c.before === "&&" && status !== 0) continue;
    if (c.before === "||" && status === 0) continue;
    // Background jobs do not hold the shell (and never finish in an emulated container).
    if (c.after === "&") continue;
    status = await runOne(c.words, ctx, out, boot, true);
  }
  return status;
}

import { errorMessage, isHwError } from "../core/index.js";
import type { Output } from "./output.js";

/** Every failure reaches the user as `error[CODE]: message` plus a hint — never a stack trace. */
export function renderError(err: unknown, output: Output, json: boolean): void {
  if (json) {
    const body = isHwError(err)
      ? err.toJSON()
      : { code: "HW-INTERNAL", message: errorMessage(err), exitCode: 1 };
    output.err(JSON.stringify({ error: body }));
    return;
  }
  if (isHwError(err)) {
    output.err(`${output.color.red(`error[${err.code}]`)}: ${err.message}`);
    if (err.hint) output.err(`  ${output.color.dim("hint:")} ${err.hint}`);
    return;
  }
  output.err(`${output.color.red("error[HW-INTERNAL]")}: ${errorMessage(err)}`);
  output.err("  hint: this is a bug in hostwright; please report it with the command you ran");
  if (process.env.HOSTWRIGHT_DEBUG && err instanceof Error && err.stack) output.err(err.stack);
}

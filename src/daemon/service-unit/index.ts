/** Service-manager files (systemd, launchd) that keep the daemon running. Pure text rendering. */
export { LAUNCHD_LABEL, renderLaunchdPlist } from "./launchd-plist.js";
export { quoteExecArg, renderSystemdUnit } from "./systemd-unit.js";
export { ServiceUnitErrorCode, type ServiceUnitOptions } from "./unit-options.js";
export { type ServiceUnitTarget, serviceUnitTarget } from "./unit-target.js";

/**
 * Stable codes for the errors the daemon's policy blocks can raise. Each points at a manifest
 * value that slipped past validation, so the hint names the field to fix.
 */
export const PolicyErrorCode = {
  invalidBackoff: "HW-DAEMON-001",
  invalidMaintenanceWindow: "HW-DAEMON-002",
  invalidRateLimit: "HW-DAEMON-003",
} as const;

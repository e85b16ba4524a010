/** Stable codes for everything the dashboard's HTTP boundary can refuse. */
export const DashboardErrorCode = {
  unauthorized: "HW-DASH-001",
  foreignOrigin: "HW-DASH-002",
  badAddress: "HW-DASH-003",
  remoteRefused: "HW-DASH-004",
  tlsIncomplete: "HW-DASH-005",
  tlsUnreadable: "HW-DASH-006",
  tokenUnreadable: "HW-DASH-007",
  noDashboard: "HW-DASH-008",
} as const;

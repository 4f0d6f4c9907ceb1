// Defaults of the router's configuration (admin: PUT /api/admin/settings/router).
export const DEFAULT_ROUTER_SETTINGS = { autoDispatchThreshold: 0.9, historyLimit: 20_000, retrainMinutes: 30 };

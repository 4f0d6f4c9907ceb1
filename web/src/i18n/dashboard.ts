// Strings of the dashboard screens: key → { zh, en }.
export const dashboard: Record<string, { zh: string; en: string }> = {};

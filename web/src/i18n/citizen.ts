// Strings of the citizen screens: key → { zh, en }.
export const citizen: Record<string, { zh: string; en: string }> = {};

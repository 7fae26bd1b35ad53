/** Messages of the portal-sync area: Vietnamese first, English with exactly the same keys. */
export const vi = {
} as const;

export const en: Record<keyof typeof vi, string> = {
};

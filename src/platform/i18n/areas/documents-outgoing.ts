/** Messages of the documents area, part outgoing (e-office, issue #8): Vietnamese first, English with the same keys. */
export const vi = {
} as const;

export const en: Record<keyof typeof vi, string> = {
};

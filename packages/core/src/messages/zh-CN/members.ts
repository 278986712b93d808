// UI text for member roster, transfers, import. Keys are "members.name".
export const members = {
} as const;

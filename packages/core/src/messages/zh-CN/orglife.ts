// UI text for organisational life: cadence, meetings, attendance, records. Keys are "orglife.name".
export const orglife = {
} as const;

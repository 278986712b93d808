// UI text for generated reports and handbook. Keys are "reports.name".
export const reports = {
} as const;

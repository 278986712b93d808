// UI text for warnings and the network dashboard. Keys are "warnings.name".
export const warnings = {
} as const;

// UI text for dues ledger, payments, receipts. Keys are "dues.name".
export const dues = {
} as const;

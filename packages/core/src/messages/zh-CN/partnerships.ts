// UI text for partnerships (联建) and joint activities. Keys are "partnerships.name".
export const partnerships = {
} as const;

// UI text for tasks and notices pushed down the tree (网上知晓). Keys are "tasks.name".
export const tasks = {
} as const;

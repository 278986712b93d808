export * from "./postgres.ts";
export * from "./test-stack.ts";
export * from "./s3.ts";
export { repoRoot, dataRoot } from "./paths.ts";
export { log, warn } from "./log.ts";
export { startBalancer, type Balancer } from "./balancer.ts";
export { backup, restore, verifyBackup, type Manifest, type S3Config } from "./backup.ts";

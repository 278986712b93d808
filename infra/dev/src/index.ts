export * from "./postgres.ts";
export * from "./test-stack.ts";
export * from "./s3.ts";
export { repoRoot, dataRoot } from "./paths.ts";
export { log, warn } from "./log.ts";
export { startBalancer, freePort, type Balancer } from "./balancer.ts";
export { backup, baseBackup, restore, verifyBackup, type Manifest, type S3Config } from "./backup.ts";
export { startReplica, startReplicatedPostgres, type ReplicaServer, type ReplicatedPostgres } from "./replica.ts";

/**
 * The V8 flags of the worker process, the same wherever it runs: `npm start` (main.ts), the
 * worker's own start script, infra/compose.yaml and the warnings benchmark, which measures the
 * pass as the worker runs it (a static test keeps the four equal; ADR 1081).
 * - 64 MB semi-spaces: the warning pass allocates many short-lived objects, and a larger young
 *   generation halves its collection time (ADR 0301).
 * - An 8 GB old-space limit instead of V8's default, which follows the machine's memory (a quarter
 *   of it, at most about 4 GB): a province's full pass leaves 2.3–4.5 GB on the heap, and under the
 *   2 GB default of a machine with 8 GB of memory it ended the worker with "heap out of memory".
 *   A limit, not a reservation: a county's worker never grows near it.
 */
export const WORKER_NODE_FLAGS = ["--max-semi-space-size=64", "--max-old-space-size=8192"] as const;

import { startPostgres } from "/work/main/infra/dev/src/postgres.ts";
const s = await startPostgres({ dir: "/work/main/.data/scratch-pg", port: 54399, fast: true });
console.log("UP", s.url("postgres"));
setInterval(() => {}, 1 << 30);

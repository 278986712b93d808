// infra/compose.yaml and its companions can only be checked statically here (no Docker engine):
// they parse, every command names something that exists in this repository, the image installs
// the pinned pnpm, the environment they set is what the apps read, and the Prometheus and Grafana
// files refer to metrics the code defines.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { repoRoot } from "../src/paths.ts";
import { WORKER_NODE_FLAGS } from "../src/worker-flags.ts";

const read = (path: string) => readFileSync(join(repoRoot, path), "utf8");

interface Service {
  command?: string[] | string;
  entrypoint?: string[];
  environment?: Record<string, string>;
  build?: { context: string; dockerfile: string };
  deploy?: { replicas?: number };
  volumes?: Array<string>;
  depends_on?: Record<string, unknown> | string[];
  profiles?: string[];
}

const compose = parse(read("infra/compose.yaml"), { merge: true }) as {
  services: Record<string, Service>;
  secrets: Record<string, unknown>;
};
const services = compose.services;

/** The names of the environment variables an app's env module validates. */
function envNames(app: string): Set<string> {
  const text = read(`apps/${app}/src/env.ts`);
  const names = new Set([...text.matchAll(/^\s{4}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!));
  for (const spread of text.matchAll(/\.\.\.(\w+EnvSchema)/g)) {
    expect(spread[1]).toBe("s3EnvSchema");
    for (const m of read("packages/storage/src/env.ts").matchAll(/^\s+(S3_[A-Z_]+):/gm)) names.add(m[1]!);
  }
  return names;
}

/**
 * The metric names the code defines: the first argument of metrics.ts's histogram/counter/gauge
 * helpers, or a prom-client `name:` option.
 */
const definedMetrics = new Set(
  [
    ...read("packages/observability/src/metrics.ts").matchAll(
      /(?:\b(?:histogram|counter|gauge)(?:<[^>]*>)?\(\s*|name: )"(dangjian_[a-z_]+)"/g,
    ),
  ].map((m) => m[1]!),
);

describe("infra/compose.yaml (static checks)", () => {
  it("runs several gateways and workers behind a load balancer, with PostgreSQL and S3", () => {
    expect(services.web!.deploy!.replicas).toBeGreaterThanOrEqual(2);
    expect(services.worker!.deploy!.replicas).toBeGreaterThanOrEqual(2);
    expect(Object.keys(services)).toEqual(expect.arrayContaining(["postgres", "minio", "lb", "migrate"]));
    expect(services.lb!.volumes!.some((v) => v.startsWith("./nginx/nginx.conf:"))).toBe(true);
    expect(read("infra/nginx/nginx.conf")).toMatch(/server web:3000/);
  });

  it("gives the gateways a streaming replica of the primary for lag-tolerant reads (ADR 1002)", () => {
    const replica = services["postgres-replica"]!;
    const clone = replica.entrypoint!.join(" ");
    expect(clone).toContain("pg_basebackup --host=postgres");
    expect(clone).toContain("--write-recovery-conf");
    expect(clone).toContain("hot_standby=on");
    expect(services.web!.environment!.DATABASE_REPLICA_URL).toMatch(/@postgres-replica:5432\/dangjian$/);
    expect(services.web!.environment!.DATABASE_URL).toMatch(/@postgres:5432\/dangjian$/);
    // the primary admits replication connections, which pg_hba's "all" does not cover
    const init = services.postgres!.volumes!.find((v) => v.includes("docker-entrypoint-initdb.d"))!;
    const script = init.split(":")[0]!.replace("./", "infra/");
    expect(read(script)).toMatch(/echo "host replication \S+ all scram-sha-256" >> "\$PGDATA\/pg_hba.conf"/);
  });

  it("starts every process from files and scripts that exist", () => {
    for (const name of ["web", "worker", "migrate"]) {
      const service = services[name]!;
      expect(service.build).toEqual({ context: "..", dockerfile: "infra/docker/Dockerfile" });
      const command = service.command as string[];
      expect(Array.isArray(command), `${name}: exec-form command`).toBe(true);
      if (command[0] === "node") {
        const entry = command.at(-1)!;
        expect(existsSync(join(repoRoot, entry)), `${name}: ${entry}`).toBe(true);
        expect(command).toContain("tsx");
      } else {
        // pnpm --filter <package> run <script>
        expect(command.slice(0, 2)).toEqual(["pnpm", "--filter"]);
        const pkg = command[2]!;
        const script = command[4]!;
        const dir = pkg.replace("@dangjian/", "packages/");
        const manifest = JSON.parse(read(`${dir}/package.json`)) as { name: string; scripts: Record<string, string> };
        expect(manifest.name).toBe(pkg);
        expect(manifest.scripts[script], `${pkg} has script ${script}`).toBeTruthy();
        const file = manifest.scripts[script]!.split(" ").pop()!;
        expect(existsSync(join(repoRoot, dir, file)), `${dir}/${file}`).toBe(true);
      }
    }
  });

  it("runs the worker with the V8 flags of npm start, its start script and the warnings bench (ADR 1081)", () => {
    /** the V8 flags of a node command line: everything between "node" and "--import" */
    const v8Flags = (argv: readonly string[]) => argv.slice(argv.indexOf("node") + 1, argv.indexOf("--import"));
    const script = (dir: string, name: string) =>
      (JSON.parse(read(`${dir}/package.json`)) as { scripts: Record<string, string> }).scripts[name]!.split(" ");
    expect(WORKER_NODE_FLAGS).toContain("--max-old-space-size=8192");
    expect(v8Flags(services.worker!.command as string[])).toEqual(WORKER_NODE_FLAGS);
    expect(v8Flags(script("apps/worker", "start"))).toEqual(WORKER_NODE_FLAGS);
    // the benchmark measures the warning pass in the worker's heap, not in a larger one of its own
    expect(v8Flags(script("bench", "bench:warnings"))).toEqual(WORKER_NODE_FLAGS);
  });

  it("builds an image that installs the pinned pnpm (the old worker command never did)", () => {
    const dockerfile = read("infra/docker/Dockerfile");
    const pinned = (JSON.parse(read("package.json")) as { packageManager: string }).packageManager.split("@")[1];
    expect(dockerfile).toContain(`npm install -g pnpm@${pinned}`);
    expect(dockerfile).toMatch(/apt-get install[^\n]*ffmpeg/);
    expect(dockerfile).toContain("pnpm install --frozen-lockfile");
    expect(dockerfile).toMatch(/FROM node:20/);
  });

  it("sets only variables the apps read", () => {
    const gateway = envNames("gateway");
    const worker = envNames("worker");
    for (const [name, env] of [
      ["web", gateway],
      ["worker", worker],
    ] as const) {
      for (const variable of Object.keys(services[name]!.environment!))
        expect(
          env.has(variable),
          `${name} sets ${variable}, which apps/${name === "web" ? "gateway" : name} does not read`,
        ).toBe(true);
    }
    expect(services.worker!.environment!.WORKER_HTTP_PORT).toBe("9464");
    expect(services.web!.environment!.METRICS_TOKEN).toContain("METRICS_TOKEN");
  });
});

describe("Prometheus and Grafana files", () => {
  const rules = parse(read("infra/prometheus/alerts.yaml")) as {
    groups: Array<{ rules: Array<{ alert: string; expr: string; annotations: { runbook: string } }> }>;
  };
  const operations = read("docs/operations.md");

  it("alert on metrics the code defines, each with its runbook section in docs/operations.md", () => {
    const alerts = rules.groups.flatMap((g) => g.rules);
    expect(alerts.length).toBeGreaterThan(8);
    for (const alert of alerts) {
      for (const [metric] of alert.expr.matchAll(/dangjian_[a-z_]+/g)) {
        const base = metric.replace(/_(bucket|count|sum)$/, "");
        expect(definedMetrics.has(base), `${alert.alert}: ${metric}`).toBe(true);
      }
      const anchor = alert.annotations.runbook.split("#")[1]!;
      expect(operations.toLowerCase(), `docs/operations.md has ### ${alert.alert}`).toContain(`### ${anchor}`);
    }
  });

  it("the dashboard's panels query metrics the code defines", () => {
    const dashboard = JSON.parse(read("infra/grafana/dangjian.json")) as {
      panels: Array<{ type: string; targets?: Array<{ expr: string }> }>;
    };
    const queried = new Set<string>();
    for (const panel of dashboard.panels)
      for (const target of panel.targets ?? [])
        for (const [metric] of target.expr.matchAll(/dangjian_[a-z_]+/g))
          queried.add(metric.replace(/_(bucket|count|sum)$/, ""));
    expect([...queried].filter((m) => !definedMetrics.has(m))).toEqual([]);
    // every metric of issue 14 §4 is on the dashboard
    expect([...definedMetrics].filter((m) => !queried.has(m))).toEqual([]);
  });
});

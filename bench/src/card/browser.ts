// The offline verifier page's rate in a real browser (ADR 0506): Chromium (playwright-core, the
// system's /usr/bin/chromium), a page served from 127.0.0.1 (a secure context: crypto.subtle is
// there), the verifier code bundled with esbuild. Cards are made in Node (ES256 and EdDSA issuer,
// 300 distinct device keys). Wall-clock rates of one browser tab: the page's main thread.
// Usage: pnpm --filter @dangjian/bench bench:card:browser [seconds per row]
import { createServer } from "node:http";
import { generateKeyPairSync, sign } from "node:crypto";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import {
  base64url,
  compressP256,
  fitCardClaims,
  fromBase64url,
  proofMessage,
  qrText,
  signCard,
  timeStep,
  type IssuerAlg,
  type IssuerSigner,
} from "@dangjian/core/card";
import { markdownTable } from "../table.ts";
import { env } from "../load/env.ts";
import type { BrowserBenchInput, run } from "./browser-entry.ts";

const SECONDS = Number(process.argv[2] ?? 4);
const DISTINCT = 300;
const NOW = Date.now();

const es = generateKeyPairSync("ec", { namedCurve: "P-256" });
const esJwk = es.publicKey.export({ format: "jwk" });
const ed = generateKeyPairSync("ed25519");
const signers: Record<IssuerAlg, IssuerSigner> = {
  ES256: {
    kid: new Uint8Array([1, 2, 3, 4]),
    alg: "ES256",
    sign: (m) => new Uint8Array(sign("sha256", m, { key: es.privateKey, dsaEncoding: "ieee-p1363" })),
  },
  EdDSA: { kid: new Uint8Array([5, 6, 7, 8]), alg: "EdDSA", sign: (m) => new Uint8Array(sign(null, m, ed.privateKey)) },
};
const publicKeys: Record<IssuerAlg, Uint8Array> = {
  ES256: new Uint8Array([4, ...fromBase64url(esJwk.x!), ...fromBase64url(esJwk.y!)]),
  EdDSA: fromBase64url(ed.publicKey.export({ format: "jwk" }).x!),
};
const qrs: Record<IssuerAlg, string[]> = { ES256: [], EdDSA: [] };
for (let i = 0; i < DISTINCT; i++) {
  const device = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = device.publicKey.export({ format: "jwk" });
  const deviceKey = compressP256(new Uint8Array([4, ...fromBase64url(jwk.x!), ...fromBase64url(jwk.y!)]));
  const iat = Math.floor(NOW / 1000);
  const claims = fitCardClaims(
    {
      memberNo: `DY${String(i + 1).padStart(8, "0")}`,
      name: "李春梅",
      branch: "河口村支部",
      status: "FULL",
      statusIndex: i,
      iat,
      exp: iat + 30 * 86_400,
      deviceKey,
    },
    4,
  );
  for (const alg of ["ES256", "EdDSA"] as const) {
    const card = signCard(claims, signers[alg]);
    const step = timeStep(NOW);
    const proof = sign("sha256", proofMessage(card, step), { key: device.privateKey, dsaEncoding: "ieee-p1363" });
    qrs[alg].push(qrText(card, step, new Uint8Array(proof)));
  }
}
const input: BrowserBenchInput = {
  nowMs: NOW,
  seconds: SECONDS,
  qrs,
  keys: (["ES256", "EdDSA"] as const).map((alg) => ({
    kid: base64url(signers[alg].kid),
    regionId: "r",
    regionName: "江川市委",
    alg,
    publicKey: [...publicKeys[alg]],
    retiredAt: null,
  })),
};

const bundle = await build({
  entryPoints: [fileURLToPath(new URL("./browser-entry.ts", import.meta.url))],
  bundle: true,
  format: "iife",
  globalName: "cardBench",
  platform: "browser",
  target: "es2022",
  write: false,
});
const script = bundle.outputFiles[0]!.text;
const server = createServer((req, res) => {
  if (req.url === "/bench.js") res.writeHead(200, { "content-type": "text/javascript" }).end(script);
  else res.writeHead(200, { "content-type": "text/html" }).end('<!doctype html><script src="/bench.js"></script>');
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const port = (server.address() as { port: number }).port;
const browser = await chromium.launch({
  executablePath: env.CHROMIUM_PATH,
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  const result = await page.evaluate(
    (i) => (globalThis as unknown as { cardBench: { run: typeof run } }).cardBench.run(i),
    input,
  );
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
  console.log(`\n### Verifier page in Chromium (${result.userAgent.match(/Chrome\/[\d.]+/)?.[0] ?? "?"})\n`);
  console.log(
    `secure context: ${result.secure}, crypto.subtle: ${result.subtle}, load average ${load}, ${SECONDS} s per row\n`,
  );
  console.log(
    markdownTable(
      ["what (one browser tab)", "per wall-clock second"],
      result.out.map((r) => [r.what, `${Math.round(r.perSecond).toLocaleString("en-US")}/s`]),
    ),
  );
} finally {
  await browser.close();
  server.close();
}

// Runs inside Chromium (bundled by browser.ts): the offline verifier page's check — the same
// verifyCardQrAsync + webCardCrypto the page uses — over cards made in Node, for a few seconds each.
import {
  bitstringStatus,
  nobleCardCrypto,
  verifyCardQr,
  verifyCardQrAsync,
  webCardCrypto,
  type AsyncCardCrypto,
  type IssuerAlg,
  type TrustedKey,
} from "@dangjian/core/card";

export interface BrowserBenchInput {
  nowMs: number;
  seconds: number;
  keys: Array<Omit<TrustedKey, "publicKey"> & { publicKey: number[] }>;
  qrs: Record<IssuerAlg, string[]>;
}

export async function run(input: BrowserBenchInput) {
  const keys = new Map<string, TrustedKey>(
    input.keys.map((k) => [k.kid, { ...k, publicKey: new Uint8Array(k.publicKey) }]),
  );
  const revoked = bitstringStatus(new Map([["r", new Uint8Array(131_072 / 8)]]));
  const ctx = { nowMs: input.nowMs, keys, revoked };
  const out: Array<{ what: string; perSecond: number; n: number }> = [];
  const timed = async (what: string, step: (i: number) => Promise<boolean> | boolean) => {
    let n = 0;
    const end = performance.now() + input.seconds * 1000;
    const t0 = performance.now();
    while (performance.now() < end) {
      if (!(await step(n))) throw new Error(`${what}: card ${n} did not verify`);
      n++;
    }
    out.push({ what, n, perSecond: n / ((performance.now() - t0) / 1000) });
  };
  for (const alg of ["ES256", "EdDSA"] as const) {
    const qrs = input.qrs[alg];
    // a fresh WebCrypto verifier per row: device keys are imported once per key, as on the page
    const web: AsyncCardCrypto = webCardCrypto();
    for (const q of qrs) if (!(await verifyCardQrAsync(q, { ...ctx, crypto: web })).ok) throw new Error("warm-up");
    await timed(`${alg} issuer: whole check, WebCrypto (the verifier page), device keys imported`, async (i) => {
      return (await verifyCardQrAsync(qrs[i % qrs.length]!, { ...ctx, crypto: web })).ok;
    });
    await timed(`${alg} issuer: whole check, WebCrypto, every device key new (decompress + import)`, async (i) => {
      return (await verifyCardQrAsync(qrs[i % qrs.length]!, { ...ctx, crypto: webCardCrypto() })).ok;
    });
    await timed(`${alg} issuer: whole check, @noble/curves only (before ADR 0506)`, (i) => {
      return verifyCardQr(qrs[i % qrs.length]!, { ...ctx, crypto: nobleCardCrypto }).ok;
    });
  }
  return { out, userAgent: navigator.userAgent, secure: isSecureContext, subtle: Boolean(crypto.subtle) };
}

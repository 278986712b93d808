// E-party card benchmarks (issue 11): verifications per second on one core (the whole check:
// Base45 + CBOR decode, issuer signature — ES256 for keys made since ADR 0506, EdDSA for older
// ones, both measured —, status bit, device P-256 signature, time step) beside the raw
// signature-verify rates of the libraries; issuing for a city-sized member set (~490k) with the
// status list's size; the QR version and byte length of a typical card.
// Single-threaded (one core). Usage: pnpm --filter @dangjian/bench bench:card [members]
import { createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from "node:crypto";
import { gzipSync } from "node:zlib";
import QRCode from "qrcode";
import { ed25519 } from "@noble/curves/ed25519.js";
import { p256 } from "@noble/curves/nist.js";
import {
  CARD_QR_ECC,
  CARD_QR_MAX_VERSION,
  STATUS_LIST_MIN_BITS,
  VerifiedCards,
  base64url,
  bitstringStatus,
  decompressP256,
  fitCardClaims,
  fromBase64url,
  nobleCardCrypto,
  proofMessage,
  qrText,
  setStatusBit,
  signCard,
  statusListBits,
  timeStep,
  verifyCardQr,
  type CardClaims,
  type CardCrypto,
  type IssuerAlg,
  type IssuerSigner,
  type TrustedKey,
} from "@dangjian/core/card";
import { KeyCache, createNodeCardCrypto, importP256, nodeCardCrypto } from "@dangjian/services/card-crypto";
import { markdownTable } from "../table.ts";

const MEMBERS = Number(process.argv[2] ?? 490_000);
const NOW = Date.now();

/**
 * Operations per second of this process's own CPU time (user + system): on a machine shared with
 * other work, wall-clock rates measure the neighbours; CPU time measures one core's worth.
 */
/** A rate row: calls per CPU-second and per wall-second since `cpu0` / `wall0`. */
function rateRow(label: string, n: number, cpu0: NodeJS.CpuUsage, wall0: number): [string, string, string] {
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wallSeconds = (performance.now() - wall0) / 1000;
  return [
    label,
    `${Math.round(n / cpuSeconds).toLocaleString("en-US")}/s`,
    `${Math.round(n / wallSeconds).toLocaleString("en-US")}/s`,
  ];
}

function rate(label: string, seconds: number, fn: (i: number) => unknown): [string, string, string] {
  let n = 0;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const end = wall0 + seconds * 1000;
  while (performance.now() < end) for (let k = 0; k < 50; k++) fn(n++);
  return rateRow(label, n, cpu0, wall0);
}

/** The same for a check that may answer later (WebCrypto's key import). */
async function rateAsync(
  label: string,
  seconds: number,
  fn: (i: number) => Promise<unknown>,
): Promise<[string, string, string]> {
  let n = 0;
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const end = wall0 + seconds * 1000;
  while (performance.now() < end) for (let k = 0; k < 50; k++) await fn(n++);
  return rateRow(label, n, cpu0, wall0);
}

// issuers: an ES256 key (every key made since ADR 0506) and an EdDSA key (older regions)
const esIssuer = generateKeyPairSync("ec", { namedCurve: "P-256" });
const esJwk = esIssuer.publicKey.export({ format: "jwk" });
const esRaw = new Uint8Array([4, ...fromBase64url(esJwk.x!), ...fromBase64url(esJwk.y!)]);
const edIssuer = generateKeyPairSync("ed25519");
const edRaw = fromBase64url(edIssuer.publicKey.export({ format: "jwk" }).x!);
const kid = new Uint8Array([1, 2, 3, 4]);
const signers: Record<IssuerAlg, IssuerSigner> = {
  ES256: {
    kid,
    alg: "ES256",
    sign: (m) => new Uint8Array(sign("sha256", m, { key: esIssuer.privateKey, dsaEncoding: "ieee-p1363" })),
  },
  EdDSA: {
    kid: new Uint8Array([5, 6, 7, 8]),
    alg: "EdDSA",
    sign: (m) => new Uint8Array(sign(null, m, edIssuer.privateKey)),
  },
};
const ALGS: IssuerAlg[] = ["ES256", "EdDSA"];

function device() {
  const { publicKey, privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const raw = new Uint8Array([4, ...fromBase64url(jwk.x!), ...fromBase64url(jwk.y!)]);
  return { compressed: p256.Point.fromBytes(raw).toBytes(true), privateKey };
}

function claims(i: number, deviceKey: Uint8Array): CardClaims {
  const iat = Math.floor(NOW / 1000);
  return fitCardClaims(
    {
      memberNo: `DY${String(i + 1).padStart(8, "0")}`,
      name: "李春梅",
      branch: "中共河口村支部委员会",
      status: "FULL",
      statusIndex: i,
      iat,
      exp: iat + 30 * 86_400,
      deviceKey,
    },
    kid.length,
  );
}

function qrFor(card: Uint8Array, privateKey: KeyObject, atMs = NOW) {
  const step = timeStep(atMs);
  return qrText(
    card,
    step,
    new Uint8Array(sign("sha256", proofMessage(card, step), { key: privateKey, dsaEncoding: "ieee-p1363" })),
  );
}

// ── QR size ──
const d0 = device();
const qrAt = (text: string, ecc: "L" | "M") =>
  QRCode.create([{ data: text, mode: "alphanumeric" }], { errorCorrectionLevel: ecc });
// the worst case: a 30-character name, a long branch name, the highest status index, fitted
const worstClaims = fitCardClaims(
  {
    ...claims(2 ** 26 - 1, d0.compressed),
    memberNo: "DY99999999",
    name: "阿卜杜热合曼·艾尼瓦尔·买买提明·阿不都拉·热合曼江·艾力江",
    branch: "中共江川市经济技术开发区管理委员会机关第一联合党支部委员会",
  },
  kid.length,
);
const sizeRows: Array<[string, string | number]> = [];
for (const alg of ALGS) {
  const typical = signCard(claims(4241, d0.compressed), signers[alg]);
  const typicalQr = qrFor(typical, d0.privateKey);
  const qr = qrAt(typicalQr, CARD_QR_ECC);
  const worstQr = qrFor(signCard(worstClaims, signers[alg]), d0.privateKey);
  const worstVersion = qrAt(worstQr, CARD_QR_ECC).version;
  // ADR 0502/0506: every card, whatever its issuer's algorithm, fits a version-10 QR at ECC L
  if (qr.version > CARD_QR_MAX_VERSION || worstVersion > CARD_QR_MAX_VERSION)
    throw new Error(`${alg}: the QR does not fit version ${CARD_QR_MAX_VERSION}`);
  sizeRows.push(
    [`${alg} issuer: card (COSE_Sign1) bytes`, typical.length],
    [`${alg} issuer: card + proof (CBOR) bytes`, fromBase64urlLength(typicalQr)],
    [`${alg} issuer: QR text characters (DJ1: + Base45)`, typicalQr.length],
    [
      `${alg} issuer: QR version at ECC ${CARD_QR_ECC} (drawn), alphanumeric mode`,
      `${qr.version} (${qr.modules.size}×${qr.modules.size} modules)`,
    ],
    [`${alg} issuer: the same text at ECC M (for comparison)`, `${qrAt(typicalQr, "M").version}`],
    [
      `${alg} issuer: worst case (30-character name, long branch, cut to "${worstClaims.name}" / "${worstClaims.branch}"): characters, version at ECC ${CARD_QR_ECC}`,
      `${worstQr.length}, ${worstVersion}`,
    ],
  );
}
{
  // ADR 0507: the phone's key uncompressed (65 bytes, no decompression for a verifier) instead of 33
  const uncompressedDevice = p256.Point.fromBytes(d0.compressed).toBytes(false);
  const card = signCard({ ...claims(4241, d0.compressed), deviceKey: uncompressedDevice }, signers.ES256);
  const text = qrFor(card, d0.privateKey);
  sizeRows.push([
    `not used — the typical card with the phone's key uncompressed (65 bytes): card bytes, characters, version at ECC ${CARD_QR_ECC}`,
    `${card.length}, ${text.length}, ${qrAt(text, CARD_QR_ECC).version}`,
  ]);
}
console.log("\n### QR of a typical card with its proof\n");
console.log(markdownTable(["what", "value"], sizeRows));

function fromBase64urlLength(text: string): number {
  // Base45: 3 characters per 2 bytes, 2 for a trailing byte
  const body = text.length - 4;
  return Math.floor(body / 3) * 2 + (body % 3 === 2 ? 1 : 0);
}

// ── verification rates ──
const keys = new Map<string, TrustedKey>(
  ALGS.map((alg) => {
    const id = base64url(signers[alg].kid);
    const publicKey = alg === "ES256" ? esRaw : edRaw;
    return [id, { kid: id, regionId: "r", regionName: "江川市委", alg, publicKey, retiredAt: null }];
  }),
);
const bits = new Uint8Array(STATUS_LIST_MIN_BITS / 8);
const revoked = bitstringStatus(new Map([["r", bits]]));
const DISTINCT = 2000;
const qrs: Record<IssuerAlg, string[]> = { ES256: [], EdDSA: [] };
for (let i = 0; i < DISTINCT; i++) {
  const d = device();
  for (const alg of ALGS) qrs[alg].push(qrFor(signCard(claims(i, d.compressed), signers[alg]), d.privateKey));
}
const ctx = (crypto: CardCrypto, verified?: VerifiedCards) => ({
  nowMs: NOW,
  keys,
  revoked,
  crypto,
  ...(verified ? { verified } : {}),
});
const remembered = { ES256: new VerifiedCards(), EdDSA: new VerifiedCards() };
const rememberedNoble = { ES256: new VerifiedCards(), EdDSA: new VerifiedCards() };
const noCrypto: CardCrypto = { verifyEd25519: () => true, verifyP256: () => true };
// warm-up: one pass over every card (JIT, node:crypto's imported device keys, and the sets of
// remembered issuer signatures — those rows measure a card seen before)
for (const alg of ALGS) {
  for (const q of qrs[alg]) {
    if (!verifyCardQr(q, ctx(nodeCardCrypto, remembered[alg])).ok) throw new Error(`${alg} bench card does not verify`);
    verifyCardQr(q, ctx(nodeCardCrypto, rememberedNoble[alg]));
  }
  for (const q of qrs[alg].slice(0, 50)) verifyCardQr(q, ctx(nobleCardCrypto));
}

// every card's device key new to the verifier: the server's own checks with a key cache (least recently
// used out) smaller than the 2,000 cards cycled, so every phone key misses and is imported while the
// issuer key stays cached — the real code path of a verifier meeting new phones (ADR 0507)
const coldNode = createNodeCardCrypto(new KeyCache(DISTINCT / 2));
// the import before ADR 0507: @noble/curves decompresses, node:crypto imports the JWK
const coldBefore: CardCrypto = {
  verifyEd25519: nodeCardCrypto.verifyEd25519,
  verifyP256(publicKey, message, signature) {
    if (publicKey.length === 65) return nodeCardCrypto.verifyP256(publicKey, message, signature); // the issuer's
    const { x, y } = decompressP256(publicKey);
    const key = createPublicKey({ key: { kty: "EC", crv: "P-256", x: base64url(x), y: base64url(y) }, format: "jwk" });
    return verify("sha256", message, { key, dsaEncoding: "ieee-p1363" }, signature);
  },
};
// other imports of a phone's compressed key, measured for ADR 0507 (SPKI DER: a fixed 26-byte prefix + the point)
const SPKI_P256_COMPRESSED = Buffer.from("3039301306072a8648ce3d020106082a8648ce3d030107032200", "hex");
const SPKI_P256_UNCOMPRESSED = Buffer.from("3059301306072a8648ce3d020106082a8648ce3d030107034200", "hex");
const deviceKeysRaw = Array.from({ length: DISTINCT }, () => device());
const uncompressedKeys = deviceKeysRaw.map((d) => p256.Point.fromBytes(d.compressed).toBytes(false));
const subtleP256 = { name: "ECDSA", namedCurve: "P-256" } as const;

const msg = new Uint8Array(64).fill(7);
const edSig = new Uint8Array(sign(null, msg, edIssuer.privateKey));
const pSig = new Uint8Array(sign("sha256", msg, { key: d0.privateKey, dsaEncoding: "ieee-p1363" }));
const pPub = createPublicKey(d0.privateKey);
const SECONDS = 3;
const rows: Array<[string, string, string]> = [];
for (const alg of ALGS) {
  const set = qrs[alg];
  const issuerName = alg === "ES256" ? "ES256 issuer (new keys)" : "EdDSA issuer (older keys)";
  rows.push(
    rate(`**${issuerName}**: whole check, node:crypto, both signatures, device keys cached`, SECONDS, (i) =>
      verifyCardQr(set[i % DISTINCT]!, ctx(nodeCardCrypto)),
    ),
    rate(
      `**${issuerName}: whole check, node:crypto, both signatures, every device key new** (OpenSSL decompress + JWK import, ADR 0507)`,
      SECONDS,
      (i) => verifyCardQr(set[i % DISTINCT]!, ctx(coldNode)),
    ),
    rate(
      `${issuerName}: the same, every device key new, before ADR 0507 (@noble/curves decompress + JWK import)`,
      SECONDS,
      (i) => verifyCardQr(set[i % DISTINCT]!, ctx(coldBefore)),
    ),
    rate(`${issuerName}: whole check, node:crypto, card seen before (issuer signature remembered)`, SECONDS, (i) =>
      verifyCardQr(set[i % DISTINCT]!, ctx(nodeCardCrypto, remembered[alg])),
    ),
    rate(`${issuerName}: whole check, @noble/curves only, both signatures`, SECONDS, (i) =>
      verifyCardQr(set[i % DISTINCT]!, ctx(nobleCardCrypto)),
    ),
    rate(`${issuerName}: whole check, @noble/curves only, card seen before`, SECONDS, (i) =>
      verifyCardQr(set[i % DISTINCT]!, ctx(nobleCardCrypto, rememberedNoble[alg])),
    ),
  );
}
rows.push(
  rate("decode and checks without the signature verifications (the rest of the whole check)", SECONDS, (i) =>
    verifyCardQr(qrs.ES256[i % DISTINCT]!, ctx(noCrypto)),
  ),
  rate("import of a phone's key: compressed point → OpenSSL decompress + JWK (ADR 0507)", SECONDS, (i) =>
    importP256(deviceKeysRaw[i % DISTINCT]!.compressed),
  ),
  rate("import of a phone's key: compressed point → @noble/curves decompress + JWK (before)", SECONDS, (i) => {
    const { x, y } = decompressP256(deviceKeysRaw[i % DISTINCT]!.compressed);
    return createPublicKey({ key: { kty: "EC", crv: "P-256", x: base64url(x), y: base64url(y) }, format: "jwk" });
  }),
  rate("import of a phone's key: SPKI DER prefix + compressed point", SECONDS, (i) =>
    createPublicKey({
      key: Buffer.concat([SPKI_P256_COMPRESSED, deviceKeysRaw[i % DISTINCT]!.compressed]),
      format: "der",
      type: "spki",
    }),
  ),
  rate("import of a phone's key: SPKI DER prefix + uncompressed point (would add 32 bytes to the card)", SECONDS, (i) =>
    createPublicKey({
      key: Buffer.concat([SPKI_P256_UNCOMPRESSED, uncompressedKeys[i % DISTINCT]!]),
      format: "der",
      type: "spki",
    }),
  ),
  await rateAsync("import of a phone's key: WebCrypto importKey raw, compressed point", SECONDS, (i) =>
    globalThis.crypto.subtle.importKey(
      "raw",
      new Uint8Array(deviceKeysRaw[i % DISTINCT]!.compressed),
      subtleP256,
      true,
      ["verify"],
    ),
  ),
  await rateAsync("import of a phone's key: WebCrypto importKey raw, uncompressed point", SECONDS, (i) =>
    globalThis.crypto.subtle.importKey("raw", new Uint8Array(uncompressedKeys[i % DISTINCT]!), subtleP256, true, [
      "verify",
    ]),
  ),
  rate("raw Ed25519 verify, node:crypto", SECONDS, () => verify(null, msg, edIssuer.publicKey, edSig)),
  rate("raw P-256 ECDSA verify, node:crypto", SECONDS, () =>
    verify("sha256", msg, { key: pPub, dsaEncoding: "ieee-p1363" }, pSig),
  ),
  rate("raw Ed25519 verify, @noble/curves", SECONDS, () => ed25519.verify(edSig, msg, edRaw)),
  rate("raw P-256 ECDSA verify, @noble/curves", SECONDS, () => p256.verify(pSig, msg, d0.compressed, { lowS: false })),
);
console.log("\n### Verifications per second, one core\n");
console.log(markdownTable(["what", "per CPU-second (one core)", "per wall-clock second"], rows));

// ── issuing for a city ──
const deviceKeys = Array.from({ length: 64 }, () => device().compressed);
function issue(alg: IssuerAlg, members: number) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let bytes = 0;
  for (let i = 0; i < members; i++) bytes += signCard(claims(i, deviceKeys[i % 64]!), signers[alg]).length;
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuS: (cpu.user + cpu.system) / 1e6, bytes };
}
// every member with the ES256 key; the EdDSA rate over a fifth of them (for comparison)
const issued = issue("ES256", MEMBERS);
const EDDSA_MEMBERS = Math.round(MEMBERS / 5);
const issuedEd = issue("EdDSA", EDDSA_MEMBERS);
const issueMs = issued.ms;
const issueCpuS = issued.cpuS;
const bytes = issued.bytes;
// indices are drawn at random in a list kept at most half full (ADR 0504)
const list = new Uint8Array(statusListBits(2 * MEMBERS) / 8);
const gzEmpty = gzipSync(list, { level: 9 }).length;
// 1 % of the cards revoked or suspended, at random places of the list
for (let i = 0; i < MEMBERS / 100; i++) setStatusBit(list, Math.floor(Math.random() * list.length * 8));
const gzOnePercent = gzipSync(list, { level: 9 }).length;
console.log(`\n### Issuing for ${MEMBERS.toLocaleString("en-US")} members (signing and encoding, one core)\n`);
const perSecond = (n: number, s: number) => Math.round(n / s).toLocaleString("en-US");
console.log(
  markdownTable(
    ["what", "value"],
    [
      ["cards signed (ES256 issuer key)", MEMBERS.toLocaleString("en-US")],
      [
        "wall time",
        `${(issueMs / 1000).toFixed(1)} s (${Math.round(MEMBERS / (issueMs / 1000)).toLocaleString("en-US")} cards/s)`,
      ],
      [
        "CPU time (one core)",
        `${issueCpuS.toFixed(1)} s (${Math.round(MEMBERS / issueCpuS).toLocaleString("en-US")} cards/s)`,
      ],
      ["average card bytes", (bytes / MEMBERS).toFixed(0)],
      [
        `for comparison, an EdDSA issuer key: ${EDDSA_MEMBERS.toLocaleString("en-US")} cards`,
        `wall ${perSecond(EDDSA_MEMBERS, issuedEd.ms / 1000)} cards/s, CPU ${perSecond(EDDSA_MEMBERS, issuedEd.cpuS)} cards/s, average ${(issuedEd.bytes / EDDSA_MEMBERS).toFixed(0)} bytes`,
      ],
      [
        "status list entries",
        `${(list.length * 8).toLocaleString("en-US")} bits = ${list.length.toLocaleString("en-US")} bytes`,
      ],
      ["status list gzip, nothing revoked", `${gzEmpty.toLocaleString("en-US")} bytes`],
      [
        "status list gzip, 1 % revoked at random",
        `${gzOnePercent.toLocaleString("en-US")} bytes (base64url in the JSON: ~${Math.round((gzOnePercent * 4) / 3).toLocaleString("en-US")} characters)`,
      ],
    ],
  ),
);

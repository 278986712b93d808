// The phone's side of the card (browser only): a P-256 key pair made by WebCrypto, not
// extractable, kept in IndexedDB; the last synced card and figures; the proof for a time step.
import { createStore, get, set } from "idb-keyval";
import { base64url, fromBase64url, proofMessage, qrText, timeStep } from "@dangjian/core/card";
import { CARD_DEVICE_DB } from "@dangjian/ui";

export interface StoredSync {
  credential: string | null;
  devicePublicKey: string | null;
  expiresAt: string | null;
  cardStatus: string | null;
  name: string;
  memberNo: string;
  branchName: string;
  partyAgeYears: number;
  memberStatus: "FULL" | "PROBATIONARY";
  duesPaidThrough: string | null;
  studyHoursThisYear: number;
  syncedAt: string;
}

// the database any login page deletes (ADR 0503)
const store = () => createStore(CARD_DEVICE_DB, "device");

export function webCryptoAvailable(): boolean {
  return typeof indexedDB !== "undefined" && typeof crypto !== "undefined" && !!crypto.subtle;
}

/** The device key pair, made once. The private key can sign but never be read out. */
export async function deviceKeys(): Promise<CryptoKeyPair> {
  const existing = await get<CryptoKeyPair>("keys", store());
  if (existing) return existing;
  const pair = await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign", "verify"]);
  await set("keys", pair, store());
  return pair;
}

/** base64url of the raw (uncompressed) public key, as the server registers it. */
export async function devicePublicKey(pair: CryptoKeyPair): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.exportKey("raw", pair.publicKey)));
}

export async function loadSync(): Promise<StoredSync | undefined> {
  return get<StoredSync>("sync", store());
}

export async function saveSync(sync: StoredSync): Promise<void> {
  await set("sync", sync, store());
}

/** The QR text for the step containing `nowMs`: the card plus this device's signature. */
export async function proofQr(credential: string, pair: CryptoKeyPair, nowMs: number): Promise<string> {
  const card = fromBase64url(credential);
  const step = timeStep(nowMs);
  const signature = await crypto.subtle.sign(
    { name: "ECDSA", hash: "SHA-256" },
    pair.privateKey,
    new Uint8Array(proofMessage(card, step)),
  );
  return qrText(card, step, new Uint8Array(signature));
}

// 居民身份证号 (GB 11643-1999): 6-digit region code, birth date YYYYMMDD, 3-digit sequence
// (odd = male), and an ISO 7064 MOD 11-2 check character.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = "10X98765432";

export type IdNumberProblem = "format" | "birthDate" | "checksum";

export interface ResidentId {
  birthDate: Date;
  gender: "MALE" | "FEMALE";
}

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK.charAt(sum % 11);
}

export function parseResidentId(
  raw: string,
  today: Date = new Date(),
): { ok: true; id: ResidentId; normalised: string } | { ok: false; problem: IdNumberProblem } {
  const value = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(value)) return { ok: false, problem: "format" };
  const year = Number(value.slice(6, 10));
  const month = Number(value.slice(10, 12));
  const day = Number(value.slice(12, 14));
  const birthDate = new Date(Date.UTC(year, month - 1, day));
  if (
    year < 1900 ||
    birthDate.getUTCFullYear() !== year ||
    birthDate.getUTCMonth() !== month - 1 ||
    birthDate.getUTCDate() !== day ||
    birthDate.getTime() > today.getTime()
  ) {
    return { ok: false, problem: "birthDate" };
  }
  if (idNumberCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, problem: "checksum" };
  return { ok: true, id: { birthDate, gender: Number(value[16]) % 2 === 1 ? "MALE" : "FEMALE" }, normalised: value };
}

/** Shown instead of the whole number: region and check character only. */
/** 138****0001: the first three and last four digits of a mobile number. */
export function maskPhone(value: string): string {
  return /^\d{11}$/.test(value) ? `${value.slice(0, 3)}****${value.slice(7)}` : "****";
}

export function maskIdNumber(value: string): string {
  return value.length === 18 ? `${value.slice(0, 6)}********${value.slice(14)}` : "******";
}

/**
 * A typed login identifier as the attempt log keeps it (ADR 0752): a phone or an ID number typed
 * by mistake is masked, and so is any other run of seven or more digits (it may be either).
 */
export function maskTypedIdentifier(value: string): string {
  if (/^1\d{10}$/.test(value)) return maskPhone(value);
  if (/^\d{17}[\dX]$/.test(value)) return maskIdNumber(value);
  return value.replace(/\d{7,}/g, (run) => `${run.slice(0, 3)}${"*".repeat(run.length - 3)}`);
}

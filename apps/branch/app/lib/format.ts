import { t } from "@dangjian/core/messages";

/** Fen as 元 with two decimals, e.g. 4568 → "45.68 元". */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return "—";
  return t("dues.yuan", { amount: (fen / 100).toFixed(2) });
}

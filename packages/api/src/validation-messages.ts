// zod's validation messages in plain Chinese from the message catalogue. zod's own zh-CN locale
// leaves type names in English ("期望 string，实际接收 undefined") and prints regular
// expressions; the fuzz (test/fuzz.test.ts) checks no such words reach users. Anything not
// handled here falls back to zod's zh-CN locale.
import { z } from "zod";
import { t } from "@dangjian/core";

type Kind = "string" | "number" | "integer" | "boolean" | "date" | "array" | "object" | "file" | "empty" | "other";

function kindOfExpected(expected: string): Kind {
  if (["string", "number", "boolean", "date", "array", "object"].includes(expected)) return expected as Kind;
  if (expected === "int" || expected === "bigint") return "integer";
  if (expected === "map" || expected === "record") return "object";
  if (expected === "set" || expected === "tuple") return "array";
  if (expected === "file" || expected.includes("Uint8Array") || expected === "custom") return "file";
  return "other";
}

function kindOfValue(value: unknown): Kind {
  if (value === undefined || value === null || value === "") return "empty";
  if (typeof value === "string") return "string";
  if (typeof value === "number") return Number.isFinite(value) ? "number" : "other";
  if (typeof value === "boolean") return "boolean";
  if (value instanceof Date) return "date";
  if (Array.isArray(value)) return "array";
  if (value instanceof Uint8Array) return "file";
  if (typeof value === "object") return "object";
  return "other";
}

const kind = (k: Kind) => t(`validation.kind.${k}`);
const bound = (value: unknown) => (value instanceof Date ? null : Number(value));

/** A plain Chinese message for one zod issue, or undefined to use zod's zh-CN locale. */
export function validationMessage(issue: z.core.$ZodRawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type": {
      const expected = kindOfExpected(String(issue.expected));
      const received = kindOfValue(issue.input);
      return received === "empty"
        ? t("validation.required", { expected: kind(expected) })
        : t("validation.type", { expected: kind(expected), received: kind(received) });
    }
    case "too_small": {
      const min = bound(issue.minimum);
      if (min === null || issue.origin === "date") return t("validation.dateOutOfRange");
      if (issue.origin === "string") return t("validation.textTooShort", { min });
      if (issue.origin === "array" || issue.origin === "set") return t("validation.tooFewItems", { min });
      return t("validation.numberTooSmall", { min });
    }
    case "too_big": {
      const max = bound(issue.maximum);
      if (max === null || issue.origin === "date") return t("validation.dateOutOfRange");
      if (issue.origin === "string") return t("validation.textTooLong", { max });
      if (issue.origin === "array" || issue.origin === "set") return t("validation.tooManyItems", { max });
      return t("validation.numberTooBig", { max });
    }
    case "invalid_format":
      return t("validation.format");
    case "invalid_value":
    case "invalid_union":
      return t("validation.choice");
    case "unrecognized_keys":
      return t("validation.extraKeys");
    default:
      return undefined;
  }
}

/** Installs the messages (zod's zh-CN locale underneath for the rest). */
export function useChineseValidationMessages(): void {
  const fallback = z.locales.zhCN().localeError;
  z.config({ localeError: (issue) => validationMessage(issue) ?? fallback(issue) });
}

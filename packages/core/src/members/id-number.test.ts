import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { idNumberCheckChar, maskIdNumber, maskTypedIdentifier, parseResidentId } from "./id-number.ts";

const today = new Date("2026-12-02T00:00:00Z");

describe("居民身份证号", () => {
  it("accepts the GB 11643 example and reads birth date and gender", () => {
    const result = parseResidentId("11010519491231002X", today);
    expect(result).toEqual({
      ok: true,
      normalised: "11010519491231002X",
      id: { birthDate: new Date("1949-12-31T00:00:00Z"), gender: "FEMALE" },
    });
  });
  it("accepts a lower-case x", () => {
    expect(parseResidentId("11010519491231002x", today).ok).toBe(true);
  });
  it("refuses a wrong check character", () => {
    expect(parseResidentId("110105194912310021", today)).toEqual({ ok: false, problem: "checksum" });
  });
  it("refuses impossible or future birth dates and bad formats", () => {
    const body = "11010520230229001";
    expect(parseResidentId(body + idNumberCheckChar(body), today)).toEqual({ ok: false, problem: "birthDate" });
    const future = "11010520300101001";
    expect(parseResidentId(future + idNumberCheckChar(future), today)).toEqual({ ok: false, problem: "birthDate" });
    expect(parseResidentId("1101051949123100", today)).toEqual({ ok: false, problem: "format" });
    expect(parseResidentId("11010519491231002Y", today)).toEqual({ ok: false, problem: "format" });
  });
  it("any single changed digit is caught by the checksum (or the date)", () => {
    const valid = "11010519491231002X";
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (position, delta) => {
        const digit = (Number(valid[position]) + delta) % 10;
        const changed = valid.slice(0, position) + String(digit) + valid.slice(position + 1);
        expect(parseResidentId(changed, today).ok).toBe(false);
      }),
    );
  });
  it("masks the middle", () => {
    expect(maskIdNumber("11010519491231002X")).toBe("110105********002X");
  });
});

describe("a typed login identifier as the attempt log keeps it", () => {
  it("masks a phone, an ID number and any long run of digits; leaves member numbers readable", () => {
    expect(maskTypedIdentifier("13800000001")).toBe("138****0001");
    expect(maskTypedIdentifier("11010519491231002X")).toBe("110105********002X");
    expect(maskTypedIdentifier("+8613800000001")).toBe("+861**********");
    expect(maskTypedIdentifier("DY2026")).toBe("DY2026");
  });
  it("never leaves seven digits in a row", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("1", "3", "8", "X", "D", "Y", " ", "-"), maxLength: 40 }),
        (typed) => !/\d{7}/.test(maskTypedIdentifier(typed)),
      ),
    );
  });
});

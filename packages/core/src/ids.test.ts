import { describe, expect, it } from "vitest";
import { isUuid } from "./ids.ts";

describe("isUuid", () => {
  it("accepts a UUID's shape in either case and nothing around it", () => {
    expect(isUuid("0f8fad5b-d9cb-469f-a165-70867728950e")).toBe(true);
    expect(isUuid("0F8FAD5B-D9CB-469F-A165-70867728950E")).toBe(true);
    expect(isUuid("0f8fad5b-d9cb-469f-a165-70867728950")).toBe(false);
    expect(isUuid(" 0f8fad5b-d9cb-469f-a165-70867728950e")).toBe(false);
    expect(isUuid("0f8fad5b-d9cb-469f-a165-70867728950e/x")).toBe(false);
    expect(isUuid("0f8fad5bd9cb469fa16570867728950e")).toBe(false);
    expect(isUuid("../members")).toBe(false);
    expect(isUuid("")).toBe(false);
  });
});

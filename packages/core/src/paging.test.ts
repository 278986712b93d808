import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { PAGE_MAX, PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX, pageCount, pageWindow } from "./paging.ts";

describe("paging", () => {
  it("defaults, and clamps huge, negative and fractional requests", () => {
    expect(pageWindow()).toEqual({ page: 1, pageSize: PAGE_SIZE_DEFAULT, skip: 0, take: PAGE_SIZE_DEFAULT });
    expect(pageWindow({ page: 3, pageSize: 20 })).toEqual({ page: 3, pageSize: 20, skip: 40, take: 20 });
    expect(pageWindow({ pageSize: 1e9 }).take).toBe(PAGE_SIZE_MAX);
    expect(pageWindow({ page: -5, pageSize: -3 })).toMatchObject({ page: 1, pageSize: 1 });
    expect(pageWindow({ page: 0, pageSize: 0 })).toMatchObject({ page: 1, pageSize: PAGE_SIZE_DEFAULT });
    expect(pageWindow({ page: Number.NaN, pageSize: Number.NaN })).toMatchObject({
      page: 1,
      pageSize: PAGE_SIZE_DEFAULT,
    });
    expect(pageWindow({ page: 1e12 }).page).toBe(PAGE_MAX);
    expect(pageCount(0, 50)).toBe(1);
    expect(pageCount(101, 50)).toBe(3);
  });
  it("never takes more than the maximum, whatever is asked", () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), (page, pageSize) => {
        const w = pageWindow({ page, pageSize });
        return (
          w.take >= 1 &&
          w.take <= PAGE_SIZE_MAX &&
          w.page >= 1 &&
          w.page <= PAGE_MAX &&
          w.skip === (w.page - 1) * w.pageSize
        );
      }),
    );
  });
});

import { describe, expect, it } from "vitest";
import { t } from "@dangjian/core/messages";
import { apiErrorInfo, describeRouteError, loginPathFor, safeNextPath } from "./errors.ts";

function trpcError(code: string, message: string): Error {
  const error = new Error(message) as Error & { code: string };
  error.name = "TRPCError";
  error.code = code;
  return error;
}

describe("apiErrorInfo", () => {
  it("keeps catalogue text and maps the code to an HTTP status", () => {
    expect(apiErrorInfo(trpcError("FORBIDDEN", t("error.orgForbidden")))).toEqual({
      code: "FORBIDDEN",
      status: 403,
      message: t("error.orgForbidden"),
    });
    expect(apiErrorInfo(trpcError("TOO_MANY_REQUESTS", t("auth.throttled", { minutes: 5 })))?.status).toBe(429);
  });

  it("never passes on raw technical messages", () => {
    expect(apiErrorInfo(trpcError("BAD_REQUEST", '[{"code":"too_small"}]'))?.message).toBe(
      t("error.badInput", { detail: t("common.none") }),
    );
    expect(apiErrorInfo(trpcError("INTERNAL_SERVER_ERROR", "数据库连接失败 at pg"))?.message).toBe(t("error.internal"));
    expect(apiErrorInfo(trpcError("SOMETHING_NEW", "boom"))?.status).toBe(500);
  });

  it("ignores errors that are not tRPC errors", () => {
    expect(apiErrorInfo(new Error("x"))).toBeNull();
    expect(apiErrorInfo({ name: "TRPCError", code: "FORBIDDEN" })).toBeNull();
  });
});

describe("describeRouteError", () => {
  it("keeps the status and catalogue message of route error responses", () => {
    const forbidden = describeRouteError({
      status: 403,
      statusText: "Forbidden",
      data: t("error.orgForbidden"),
      internal: false,
    });
    expect(forbidden).toEqual({ status: 403, title: t("errorPage.forbiddenTitle"), message: t("error.orgForbidden") });
    const notFound = describeRouteError({
      status: 404,
      statusText: "Not Found",
      data: "Error: No route matches URL",
      internal: true,
    });
    expect(notFound.message).toBe(t("errorPage.notFoundMessage"));
  });

  it("shows only the generic text for thrown errors", () => {
    const described = describeRouteError(new Error("secret stack"));
    expect(described).toEqual({ status: 500, title: t("errorPage.internalTitle"), message: t("error.internal") });
  });
});

describe("safeNextPath", () => {
  it("accepts paths inside the app, with or without the basename", () => {
    expect(safeNextPath("/org/1?x=2", "/branch")).toBe("/org/1?x=2");
    expect(safeNextPath("/branch/org/1", "/branch")).toBe("/org/1");
    expect(safeNextPath("/branch", "/branch")).toBe("/");
  });

  it("refuses anything that could leave the app", () => {
    for (const bad of [
      "https://evil.example/",
      "//evil.example",
      "/\\evil.example",
      "org/1",
      "/branch//evil.example",
      "",
      null,
      3,
    ]) {
      expect(safeNextPath(bad, "/branch")).toBe("/");
    }
    expect(safeNextPath("/login?next=/x", "/branch")).toBe("/");
  });
});

describe("loginPathFor", () => {
  it("brings the person back to where they were", () => {
    expect(loginPathFor(new Request("http://x/branch/org/1?a=b"), "/branch")).toBe("/login?next=%2Forg%2F1%3Fa%3Db");
    expect(loginPathFor(new Request("http://x/branch/"), "/branch")).toBe("/login");
  });
});

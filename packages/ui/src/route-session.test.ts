import { describe, expect, it } from "vitest";
import { createRouteSession } from "./route-session.server.ts";

function apiError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: "TRPCError", code });
}

const session = createRouteSession("/branch");
const request = new Request("http://localhost/branch/meetings/42?tab=record", { method: "POST" });

async function thrown(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("nothing was thrown");
}

describe("actionError: one way for every action to answer a failed API call", () => {
  it("a session that ended while the form was open goes to the login page and back to this page", async () => {
    const answer = (await thrown(() =>
      session.actionError(apiError("UNAUTHORIZED", "请先登录"), request, { intent: "present" }),
    )) as Response;
    expect(answer).toBeInstanceOf(Response);
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toBe(`/login?next=${encodeURIComponent("/meetings/42?tab=record")}`);
  });

  it("any other API error keeps the form's fields and adds the Chinese message, with the status", () => {
    const answer = session.actionError(apiError("CONFLICT", "该会议已锁定"), request, { intent: "present", ok: null });
    expect(answer.init?.status).toBe(409);
    expect(answer.data).toEqual({ intent: "present", ok: null, error: "该会议已锁定" });
  });

  it("something that is not an API error is not dressed up as one: it is rethrown", async () => {
    const bug = new TypeError("x is undefined");
    expect(await thrown(() => session.actionError(bug, request, {}))).toBe(bug);
  });
});

describe("attempt: an action's one API call", () => {
  it("keeps the return path when the session ended while the form was open", async () => {
    const answer = (await thrown(() =>
      session.attempt(request, () => Promise.reject(apiError("UNAUTHORIZED", "请先登录")), {
        redirectTo: "/meetings/42",
        intent: "present",
      }),
    )) as Response;
    expect(answer).toBeInstanceOf(Response);
    expect(answer.status).toBe(302);
    expect(answer.headers.get("Location")).toBe(`/login?next=${encodeURIComponent("/meetings/42?tab=record")}`);
  });

  it("a refused call answers the zh-CN message with its status and the form's intent", async () => {
    const answer = await session.attempt(request, () => Promise.reject(apiError("FORBIDDEN", "无权操作该组织")), {
      ok: "已保存",
      intent: "decide",
    });
    expect(answer.init?.status).toBe(403);
    expect(answer.data).toEqual({ intent: "decide", error: "无权操作该组织" });
  });

  it("success redirects where asked, or answers the success message", async () => {
    let calls = 0;
    const call = () => {
      calls += 1;
      return Promise.resolve();
    };
    const moved = (await thrown(() => session.attempt(request, call, { redirectTo: "/regional?done=1" }))) as Response;
    expect(moved.headers.get("Location")).toBe("/regional?done=1");
    const stayed = await session.attempt(request, call, { ok: "已保存", intent: "note" });
    expect(stayed.data).toEqual({ ok: "已保存", intent: "note" });
    expect(stayed.init).toBeFalsy();
    expect(calls).toBe(2);
  });

  it("a bug in the call is rethrown, not shown as a form error", async () => {
    const bug = new TypeError("x is undefined");
    expect(await thrown(() => session.attempt(request, () => Promise.reject(bug), { ok: "已保存" }))).toBe(bug);
  });
});

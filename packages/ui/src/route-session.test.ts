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

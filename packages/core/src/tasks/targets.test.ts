import { describe, expect, it } from "vitest";
import { completionSummary, isOverdue, safeFileName, targetsOutsideSubtree, taskTargetState } from "./targets.ts";

describe("task targets", () => {
  it("allows only organisations below the sender", () => {
    const below = { id: "b", ancestorIds: ["root", "county"] };
    const sideways = { id: "x", ancestorIds: ["root"] };
    const self = { id: "county", ancestorIds: ["root"] };
    expect(targetsOutsideSubtree("county", [below])).toEqual([]);
    expect(targetsOutsideSubtree("county", [below, sideways, self])).toEqual(["x", "county"]);
  });
  it("derives state, overdue and the completion summary", () => {
    const now = new Date("2026-12-02T00:00:00Z");
    const deadline = new Date("2026-12-01T00:00:00Z");
    const rows = [
      { readAt: null, doneAt: null },
      { readAt: now, doneAt: null },
      { readAt: now, doneAt: now },
      { readAt: null, doneAt: now },
    ];
    expect(rows.map(taskTargetState)).toEqual(["unread", "read", "done", "done"]);
    expect(isOverdue(deadline, null, now)).toBe(true);
    expect(isOverdue(deadline, now, now)).toBe(false);
    expect(isOverdue(null, null, now)).toBe(false);
    expect(completionSummary(rows, deadline, now)).toEqual({ total: 4, read: 3, done: 2, overdue: 2 });
  });
  it("keeps file names plain", () => {
    expect(safeFileName("../../etc/passwd")).toBe(".._.._etc_passwd");
    expect(safeFileName("  ")).toBe("file");
  });
});

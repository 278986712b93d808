import { describe, expect, it } from "vitest";
import {
  drawQuestions,
  gradeAttempt,
  isCorrect,
  normaliseCode,
  questionProblem,
  verificationCode,
  withinTimeLimit,
} from "./exams.ts";
import { offlineHours, targetHours } from "./hours.ts";

describe("exams", () => {
  it("draws distinct questions, as many as asked or the bank has", () => {
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const drawn = drawQuestions([1, 2, 3, 4, 5], 3, random);
    expect(new Set(drawn).size).toBe(3);
    expect(drawQuestions([1, 2], 5, random)).toHaveLength(2);
  });
  it("grades: exactly the right options, pass mark inclusive", () => {
    const q = [
      { id: "a", kind: "SINGLE" as const, options: ["x", "y"], answer: [1] },
      { id: "b", kind: "MULTIPLE" as const, options: ["x", "y", "z"], answer: [0, 2] },
    ];
    expect(isCorrect(q[1]!, [2, 0])).toBe(true);
    expect(isCorrect(q[1]!, [0])).toBe(false);
    expect(gradeAttempt(q, { a: [1], b: [0] }, 50)).toEqual({ correct: 1, scorePercent: 50, passed: true });
    expect(gradeAttempt(q, {}, 50).passed).toBe(false);
  });
  it("enforces the time limit with a 5 s grace", () => {
    const deadline = new Date("2026-03-01T10:00:00Z");
    expect(withinTimeLimit(deadline, new Date("2026-03-01T10:00:04Z"))).toBe(true);
    expect(withinTimeLimit(deadline, new Date("2026-03-01T10:00:06Z"))).toBe(false);
  });
  it("checks question shapes", () => {
    expect(questionProblem("TRUE_FALSE", ["对", "错"], [0])).toBeNull();
    expect(questionProblem("TRUE_FALSE", ["对"], [0])).toBe("options");
    expect(questionProblem("SINGLE", ["a", "b"], [0, 1])).toBe("answer");
    expect(questionProblem("MULTIPLE", ["a", "b", "c"], [3])).toBe("answer");
  });
  it("makes readable verification codes", () => {
    const code = verificationCode(new Uint8Array(12).map((_, i) => i * 37));
    expect(code).toMatch(/^DJ-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(normaliseCode(` ${code.toLowerCase()} `)).toBe(code);
  });
});

describe("hours", () => {
  it("offline training: full day 8, half day 4, branch study 1 per hour", () => {
    expect(offlineHours("FULL_DAY")).toBe(8);
    expect(offlineHours("HALF_DAY")).toBe(4);
    expect(offlineHours("BRANCH_STUDY", 2)).toBe(2);
    expect(targetHours(true)).toBe(56);
    expect(targetHours(false)).toBe(32);
  });
});

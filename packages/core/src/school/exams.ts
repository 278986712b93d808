// Exams (docs/domain.md): questions drawn at random per attempt, a server-side time limit, a pass
// mark, an attempt limit, automatic grading; a pass issues a certificate with a code.

export type QuestionKind = "SINGLE" | "MULTIPLE" | "TRUE_FALSE";

export interface GradableQuestion {
  id: string;
  kind: QuestionKind;
  options: readonly string[];
  answer: readonly number[];
}

/** Grace for the network between the browser's last click and the server (seconds). */
export const EXAM_GRACE_SEC = 5;

/** Draws `count` distinct questions with the given random source (0 ≤ random() < 1). */
export function drawQuestions<T>(bank: readonly T[], count: number, random: () => number): T[] {
  const pool = bank.slice();
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, Math.min(count, pool.length));
}

/** A question is right only when exactly the correct options are chosen. */
export function isCorrect(question: GradableQuestion, chosen: readonly number[] | undefined): boolean {
  if (!chosen) return false;
  const a = [...new Set(chosen)].sort((x, y) => x - y);
  const b = [...new Set(question.answer)].sort((x, y) => x - y);
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

export function gradeAttempt(
  questions: readonly GradableQuestion[],
  answers: Readonly<Record<string, readonly number[]>>,
  passPercent: number,
): { correct: number; scorePercent: number; passed: boolean } {
  const correct = questions.filter((q) => isCorrect(q, answers[q.id])).length;
  const scorePercent = questions.length === 0 ? 0 : Math.round((correct / questions.length) * 100);
  return { correct, scorePercent, passed: scorePercent >= passPercent };
}

/** Whether a submission at `at` is within the attempt's limit (plus a small network grace). */
export function withinTimeLimit(deadlineAt: Date, at: Date): boolean {
  return at.getTime() <= deadlineAt.getTime() + EXAM_GRACE_SEC * 1000;
}

/** Checks a question's shape: options, and answers that fit its kind. Returns an error key or null. */
export function questionProblem(
  kind: QuestionKind,
  options: readonly string[],
  answer: readonly number[],
): "options" | "answer" | null {
  if (kind === "TRUE_FALSE" ? options.length !== 2 : options.length < 2 || options.length > 8) return "options";
  if (options.some((o) => o.trim() === "")) return "options";
  const unique = new Set(answer);
  if (unique.size !== answer.length || answer.some((i) => !Number.isInteger(i) || i < 0 || i >= options.length))
    return "answer";
  if (kind === "MULTIPLE" ? answer.length < 1 : answer.length !== 1) return "answer";
  return null;
}

const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/** A human-typable verification code from random bytes (no 0/O/1/I/L), e.g. "DJ-7KQ4-M2XP-9TRA". */
export function verificationCode(bytes: Uint8Array): string {
  const chars = Array.from(bytes.slice(0, 12), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]);
  return `DJ-${chars.slice(0, 4).join("")}-${chars.slice(4, 8).join("")}-${chars.slice(8, 12).join("")}`;
}

export function normaliseCode(input: string): string {
  return input.trim().toUpperCase().replace(/\s+/g, "");
}

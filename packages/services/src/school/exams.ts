// Exams and certificates (docs/domain.md). The time limit is the server's: a submission after the
// deadline is refused whatever the browser's clock says.
import { randomBytes, randomInt } from "node:crypto";
import { z } from "zod";
import {
  AppError,
  drawQuestions,
  gradeAttempt,
  normaliseCode,
  questionProblem,
  verificationCode,
  withinTimeLimit,
  type QuestionKind,
} from "@dangjian/core";
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { requireCourse, requireMember, requireSchoolStaff } from "./access.ts";

export const addQuestionInput = z.object({
  courseId: z.uuid(),
  kind: z.enum(["SINGLE", "MULTIPLE", "TRUE_FALSE"]),
  stem: z.string().trim().min(2).max(500),
  options: z.array(z.string().trim().max(200)).min(2).max(8),
  answer: z.array(z.number().int().min(0).max(7)).min(1).max(8),
  explanation: z.string().trim().max(500).optional(),
});
export const createExamInput = z.object({
  courseId: z.uuid(),
  title: z.string().trim().min(2).max(80),
  questionCount: z.number().int().min(1).max(100),
  timeLimitSec: z
    .number()
    .int()
    .min(30)
    .max(4 * 3600),
  passPercent: z.number().int().min(1).max(100),
  maxAttempts: z.number().int().min(1).max(20),
});
export const submitInput = z.object({
  attemptId: z.uuid(),
  answers: z.record(z.string(), z.array(z.number().int().min(0).max(7)).max(8)),
});

export async function addQuestion(deps: ServiceDeps, actor: Actor, input: z.infer<typeof addQuestionInput>) {
  requireSchoolStaff(actor);
  const problem = questionProblem(input.kind, input.options, input.answer);
  if (problem) throw new AppError("BAD_INPUT", problem === "options" ? "exams.error.options" : "exams.error.answer");
  const course = await deps.db.course.findUnique({ where: { id: input.courseId }, select: { id: true } });
  if (!course) throw new AppError("NOT_FOUND", "school.error.courseNotFound");
  const q = await deps.db.question.create({
    data: {
      courseId: course.id,
      kind: input.kind,
      stem: input.stem,
      options: input.options,
      answer: input.answer,
      explanation: input.explanation ?? null,
    },
  });
  return { id: q.id };
}

export async function createExam(deps: ServiceDeps, actor: Actor, input: z.infer<typeof createExamInput>) {
  requireSchoolStaff(actor);
  const bank = await deps.db.question.count({ where: { courseId: input.courseId } });
  if (bank === 0) throw new AppError("BAD_INPUT", "exams.error.emptyBank");
  if (input.questionCount > bank) throw new AppError("BAD_INPUT", "exams.error.bankTooSmall", { count: bank });
  const exam = await deps.db.exam.create({ data: { ...input, published: true } });
  return { id: exam.id };
}

async function requireExam(deps: ServiceDeps, actor: Actor, examId: string) {
  const exam = await deps.db.exam.findUnique({ where: { id: examId } });
  if (!exam || !exam.published) throw new AppError("NOT_FOUND", "exams.error.examNotFound");
  await requireCourse(deps, actor, exam.courseId);
  return exam;
}

/** One exam, named (the procedures pass its id). */
export const examInput = z.object({ examId: z.uuid() });

export async function examView(deps: ServiceDeps, actor: Actor, examId: string) {
  const exam = await requireExam(deps, actor, examId);
  const attempts = actor.memberId
    ? await deps.db.examAttempt.findMany({
        where: { examId, memberId: actor.memberId },
        orderBy: { startedAt: "asc" },
        include: { certificate: { select: { verificationCode: true } } },
      })
    : [];
  const now = deps.now();
  const open = attempts.find((a) => !a.submittedAt && withinTimeLimit(a.deadlineAt, now));
  return {
    id: exam.id,
    title: exam.title,
    courseId: exam.courseId,
    questionCount: exam.questionCount,
    timeLimitSec: exam.timeLimitSec,
    passPercent: exam.passPercent,
    maxAttempts: exam.maxAttempts,
    attemptsUsed: attempts.length,
    openAttemptId: open?.id ?? null,
    attempts: attempts.map((a, i) => ({
      number: i + 1,
      id: a.id,
      submitted: a.submittedAt !== null,
      scorePercent: a.scorePercent,
      passed: a.passed,
      expired: !a.submittedAt && !withinTimeLimit(a.deadlineAt, now),
      certificateCode: a.certificate?.verificationCode ?? null,
    })),
  };
}

/** Starts an attempt with freshly drawn questions; an open attempt is returned again (a reload). */
export async function startAttempt(deps: ServiceDeps, actor: Actor, examId: string) {
  const memberId = requireMember(actor);
  const exam = await requireExam(deps, actor, examId);
  return deps.db.$transaction(async (tx) => {
    // One start at a time per member and exam (double clicks, two tabs).
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(hashtext($1))`, `${memberId}|${examId}`);
    const attempts = await tx.examAttempt.findMany({ where: { examId, memberId }, orderBy: { startedAt: "asc" } });
    const now = deps.now();
    const open = attempts.find((a) => !a.submittedAt && withinTimeLimit(a.deadlineAt, now));
    if (open) return { attemptId: open.id };
    if (attempts.some((a) => a.passed)) throw new AppError("CONFLICT", "exams.error.alreadyPassed");
    if (attempts.length >= exam.maxAttempts)
      throw new AppError("CONFLICT", "exams.error.noAttemptsLeft", { max: exam.maxAttempts });
    const bank = await tx.question.findMany({ where: { courseId: exam.courseId }, select: { id: true } });
    const drawn = drawQuestions(bank, exam.questionCount, () => randomInt(0, 2 ** 32) / 2 ** 32);
    const attempt = await tx.examAttempt.create({
      data: {
        examId,
        memberId,
        questionIds: drawn.map((q) => q.id),
        startedAt: now,
        deadlineAt: new Date(now.getTime() + exam.timeLimitSec * 1000),
      },
    });
    return { attemptId: attempt.id };
  });
}

async function ownAttempt(deps: ServiceDeps, actor: Actor, attemptId: string) {
  const memberId = requireMember(actor);
  const attempt = await deps.db.examAttempt.findUnique({
    where: { id: attemptId },
    include: { exam: true, certificate: true },
  });
  if (!attempt) throw new AppError("NOT_FOUND", "exams.error.attemptNotFound");
  // someone else's attempt is refused, not passed off as missing
  if (attempt.memberId !== memberId) throw new AppError("FORBIDDEN", "exams.error.attemptNotYours");
  return attempt;
}

export const attemptInput = z.object({ attemptId: z.uuid() });

export async function attemptView(deps: ServiceDeps, actor: Actor, attemptId: string) {
  const attempt = await ownAttempt(deps, actor, attemptId);
  const questions = await deps.db.question.findMany({ where: { id: { in: attempt.questionIds } } });
  const ordered = attempt.questionIds.map((id) => questions.find((q) => q.id === id)).filter((q) => q !== undefined);
  const now = deps.now();
  return {
    id: attempt.id,
    examId: attempt.examId,
    title: attempt.exam.title,
    passPercent: attempt.exam.passPercent,
    deadlineAt: attempt.deadlineAt.toISOString(),
    secondsLeft: Math.max(0, Math.floor((attempt.deadlineAt.getTime() - now.getTime()) / 1000)),
    submitted: attempt.submittedAt !== null,
    expired: !attempt.submittedAt && !withinTimeLimit(attempt.deadlineAt, now),
    scorePercent: attempt.scorePercent,
    passed: attempt.passed,
    certificateCode: attempt.certificate?.verificationCode ?? null,
    // never the answers
    questions: ordered.map((q) => ({
      id: q.id,
      kind: q.kind as QuestionKind,
      stem: q.stem,
      options: q.options as string[],
    })),
  };
}

export async function submitAttempt(deps: ServiceDeps, actor: Actor, input: z.infer<typeof submitInput>) {
  const attempt = await ownAttempt(deps, actor, input.attemptId);
  if (attempt.submittedAt) {
    // A retried submission gets the same result.
    return {
      scorePercent: attempt.scorePercent ?? 0,
      passed: attempt.passed ?? false,
      certificateCode: attempt.certificate?.verificationCode ?? null,
    };
  }
  const now = deps.now();
  if (!withinTimeLimit(attempt.deadlineAt, now)) throw new AppError("CONFLICT", "exams.error.timeUp");
  const unknown = Object.keys(input.answers).filter((id) => !attempt.questionIds.includes(id));
  if (unknown.length > 0) throw new AppError("BAD_INPUT", "exams.error.foreignQuestion");
  const questions = await deps.db.question.findMany({ where: { id: { in: attempt.questionIds } } });
  const graded = gradeAttempt(
    questions.map((q) => ({ id: q.id, kind: q.kind, options: q.options as string[], answer: q.answer })),
    input.answers,
    attempt.exam.passPercent,
  );
  return deps.db.$transaction(async (tx) => {
    const claimed = await tx.examAttempt.updateMany({
      where: { id: attempt.id, submittedAt: null },
      data: { submittedAt: now, answers: input.answers, scorePercent: graded.scorePercent, passed: graded.passed },
    });
    if (claimed.count === 0) throw new AppError("CONFLICT", "exams.error.alreadySubmitted");
    let certificateCode: string | null = null;
    if (graded.passed) {
      const course = await tx.course.findUniqueOrThrow({
        where: { id: attempt.exam.courseId },
        select: { title: true },
      });
      certificateCode = verificationCode(randomBytes(12));
      await tx.certificate.create({
        data: {
          memberId: attempt.memberId,
          attemptId: attempt.id,
          title: `${course.title} · ${attempt.exam.title}`,
          verificationCode: certificateCode,
          issuedAt: now,
        },
      });
    }
    return { scorePercent: graded.scorePercent, passed: graded.passed, certificateCode };
  });
}

export const verifyCertificateInput = z.object({ code: z.string().max(40) });

/** Public: anyone with the code may check a certificate. The holder's name is partly masked. */
export async function verifyCertificate(deps: ServiceDeps, code: string) {
  const normalised = normaliseCode(code);
  if (!/^DJ-[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/.test(normalised)) return { found: false as const, code: normalised };
  const cert = await deps.db.certificate.findUnique({
    where: { verificationCode: normalised },
    include: { member: { select: { name: true } }, attempt: { select: { scorePercent: true } } },
  });
  if (!cert) return { found: false as const, code: normalised };
  return {
    found: true as const,
    code: normalised,
    title: cert.title,
    holder: maskName(cert.member.name),
    issuedOn: cert.issuedAt.toISOString().slice(0, 10),
    scorePercent: cert.attempt.scorePercent,
    revoked: cert.revokedAt !== null,
  };
}

export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${"*".repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

export async function myCertificates(deps: ServiceDeps, actor: Actor) {
  const memberId = requireMember(actor);
  const certs = await deps.db.certificate.findMany({ where: { memberId }, orderBy: { issuedAt: "desc" } });
  return certs.map((c) => ({
    title: c.title,
    code: c.verificationCode,
    issuedOn: c.issuedAt.toISOString().slice(0, 10),
    revoked: c.revokedAt !== null,
  }));
}

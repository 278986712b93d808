// The small zod pieces that the use cases' input schemas share (each use case's schema sits beside
// it and is exported for the edges: tRPC procedures, endpoints). Limits on every string and array.
import { z } from "zod";
import { PAGE_MAX, PAGE_SIZE_MAX } from "@dangjian/core";

/** The page fields every paged list takes: at most PAGE_SIZE_MAX rows, pages up to PAGE_MAX (issue 13 defect 4). */
export const pageFields = {
  page: z.number().int().min(1).max(PAGE_MAX).optional(),
  pageSize: z.number().int().min(1).max(PAGE_SIZE_MAX).optional(),
};

/** A month key, "YYYY-MM" (core/time/months.ts). */
export const monthKeyField = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

/** Text a person typed: trimmed, at most `max` characters. */
export const text = (max: number) => z.string().trim().max(max);

/** An organisation, or by default the actor's own (branch or committee, as the use case says). */
export const optionalOrgInput = z.object({ orgId: z.uuid().optional() });
/** One organisation, named. */
export const orgInput = z.object({ orgId: z.uuid() });

import { z } from "zod";
import { SEARCH_TYPES, t } from "@dangjian/core";
import { authedProcedure, router } from "../trpc.ts";

/** Longest query accepted; longer text is a mistake (pasted document), answered with a clear message. */
const MAX_QUERY_INPUT = 200;

export const searchInput = z.object({
  q: z.string().max(MAX_QUERY_INPUT, { message: t("search.queryTooLong", { max: MAX_QUERY_INPUT }) }),
  types: z.array(z.enum(SEARCH_TYPES)).max(SEARCH_TYPES.length).optional(),
  orgId: z.uuid().optional(),
  year: z.number().int().min(1921).max(2200).optional(),
  page: z
    .number()
    .int()
    .min(1)
    .max(100_000, { message: t("search.pageTooDeep") })
    .optional(),
  pageSize: z.number().int().min(1).max(50).optional(),
});

export const searchRouter = router({
  /**
   * Any logged-in user may search; what they find is limited on the server to what their grants
   * let them see (core/search/acl.ts): the scope is never an input.
   */
  query: authedProcedure.input(searchInput).query(({ ctx, input }) => ctx.services.search.query(ctx.actor, input)),
});

import { searchInput } from "@dangjian/services";
import { authedProcedure, router } from "../trpc.ts";

export const searchRouter = router({
  /**
   * Any logged-in user may search; what they find is limited on the server to what their grants
   * let them see (core/search/acl.ts): the scope is never an input.
   */
  query: authedProcedure.input(searchInput).query(({ ctx, input }) => ctx.services.search.query(ctx.actor, input)),
});

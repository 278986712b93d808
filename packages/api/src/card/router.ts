import { authedProcedure, router } from "../trpc.ts";

export const cardRouter = router({
  /** only ever the actor's own card: no permission beyond being logged in */
  mine: authedProcedure.query(({ ctx }) => ctx.services.card.mine(ctx.actor)),
});

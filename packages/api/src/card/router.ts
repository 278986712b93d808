import { bindDeviceInput, cardStatusOfInput, changeCardStatusInput } from "@dangjian/services";
import { authedProcedure, router, withPermission } from "../trpc.ts";

export const cardRouter = router({
  /** only ever the actor's own card: no permission beyond being logged in */
  mine: authedProcedure.query(({ ctx }) => ctx.services.card.mine(ctx.actor)),
  /** the actor's own signed card and the figures the phone shows offline (renews when due) */
  sync: authedProcedure.mutation(({ ctx }) => ctx.services.card.sync(ctx.actor)),
  /** registers the actor's phone (WebCrypto P-256 public key, base64url raw or compressed) */
  bindDevice: authedProcedure
    .input(bindDeviceInput)
    .mutation(({ ctx, input }) => ctx.services.card.bindDevice(ctx.actor, input)),
  /** the actor's own phone is lost: its binding ends */
  reportLostDevice: authedProcedure.mutation(({ ctx }) => ctx.services.card.reportLostDevice(ctx.actor)),
  /** a committee's view of a member's card */
  statusOf: withPermission("card.manage")
    .input(cardStatusOfInput)
    .query(({ ctx, input }) => ctx.services.card.statusOf(ctx.actor, input)),
  /** a committee suspends, revokes or reinstates a member's card, or ends a lost phone's binding */
  changeStatus: withPermission("card.manage")
    .input(changeCardStatusInput)
    .mutation(({ ctx, input }) => ctx.services.card.changeStatus(ctx.actor, input)),
});

import { arrearsInput, declareInput, monthLedgerInput, receiptInput, recordPaymentInput } from "@dangjian/services";
import { authedProcedure, router, withPermission } from "../trpc.ts";

export const duesRouter = router({
  ledger: withPermission("dues.view")
    .input(monthLedgerInput.default({}))
    .query(({ ctx, input }) => ctx.services.dues.ledger(ctx.actor, input)),
  arrears: withPermission("branch.overview")
    .input(arrearsInput.default({}))
    .query(({ ctx, input }) => ctx.services.dues.arrears(ctx.actor, input)),
  declare: withPermission("dues.manage")
    .input(declareInput)
    .mutation(({ ctx, input }) => ctx.services.dues.declare(ctx.actor, input)),
  recordPayment: withPermission("dues.manage")
    .input(recordPaymentInput)
    .mutation(({ ctx, input }) => ctx.services.dues.recordPayment(ctx.actor, input)),
  /** the member's own receipts, or the branch's for those who may see dues (checked by the service) */
  receipt: authedProcedure.input(receiptInput).query(({ ctx, input }) => ctx.services.dues.receipt(ctx.actor, input)),
  mine: authedProcedure.query(({ ctx }) => ctx.services.dues.mine(ctx.actor)),
});

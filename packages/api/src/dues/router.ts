import { z } from "zod";
import { authedProcedure, router, withPermission } from "../trpc.ts";
import { pageFields } from "../paging.ts";

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const category = z.enum(["SALARIED", "RETIRED", "FARMER", "STUDENT", "UNEMPLOYED", "MINIMUM_ALLOWANCE"]);

export const duesRouter = router({
  ledger: withPermission("dues.view")
    .input(
      z
        .object({ orgId: z.uuid().optional(), month: month.optional(), memberId: z.uuid().optional(), ...pageFields })
        .default({}),
    )
    .query(({ ctx, input }) => ctx.services.dues.ledger(ctx.actor, input)),
  arrears: withPermission("branch.overview")
    .input(z.object({ orgId: z.uuid().optional(), ...pageFields }).default({}))
    .query(({ ctx, input }) => ctx.services.dues.arrears(ctx.actor, input)),
  declare: withPermission("dues.manage")
    .input(
      z.object({
        memberId: z.uuid(),
        category,
        // bounds are checked by the service so that negative or absurd incomes get their own message
        monthlyIncomeFen: z.number().nullable().optional(),
        farmerFen: z.number().int().nullable().optional(),
        effectiveFrom: month,
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.dues.declare(ctx.actor, input)),
  recordPayment: withPermission("dues.manage")
    .input(
      z.object({
        memberId: z.uuid(),
        months: z.array(z.string().max(7)).max(12),
        method: z.enum(["ON_SITE", "TRANSFER"]),
        reference: z.string().max(100).nullable().optional(),
        meetingId: z.uuid().nullable().optional(),
        idempotencyKey: z.uuid(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.dues.recordPayment(ctx.actor, input)),
  /** the member's own receipts, or the branch's for those who may see dues (checked by the service) */
  receipt: authedProcedure
    .input(z.object({ paymentId: z.uuid() }))
    .query(({ ctx, input }) => ctx.services.dues.receipt(ctx.actor, input)),
  mine: authedProcedure.query(({ ctx }) => ctx.services.dues.mine(ctx.actor)),
});

import { z } from "zod";
import { IMPORT_BOUNDS } from "@dangjian/core";
import { router, withPermission } from "../trpc.ts";
import { pageFields } from "../paging.ts";

const fields = {
  name: z.string().trim().min(1).max(30),
  idNumber: z.string().trim().min(1).max(30),
  phone: z
    .union([
      z.literal(""),
      z
        .string()
        .trim()
        .regex(/^1[3-9]\d{9}$/),
    ])
    .nullable()
    .optional(),
  status: z.enum(["FULL", "PROBATIONARY"]),
  category: z.enum(["ON_DUTY", "RETIRED", "MOBILE", "STUDENT", "FARMER", "UNEMPLOYED"]),
  joinedOn: z.date(),
  fullMemberOn: z.date().nullable().optional(),
  ethnicity: z.string().max(20).nullable().optional(),
  education: z.string().max(20).nullable().optional(),
  workUnit: z.string().max(60).nullable().optional(),
};

/** An .xlsx of a branch roster is a few hundred KB at most. */
const MAX_IMPORT_BYTES = IMPORT_BOUNDS.maxFileBytes;

export const membersRouter = router({
  /** a page of a branch's members (masked), or a committee's organisations with counts (defect 4) */
  list: withPermission("member.list")
    .input(z.object({ orgId: z.uuid().optional(), memberId: z.uuid().optional(), ...pageFields }).default({}))
    .query(({ ctx, input }) => ctx.services.members.list(ctx.actor, input)),
  add: withPermission("member.manage")
    .input(z.object({ branchId: z.uuid().optional(), ...fields }))
    .mutation(({ ctx, input }) => ctx.services.members.add(ctx.actor, input)),
  update: withPermission("member.manage")
    // every field optional: what the form does not send stays as it is (an empty ID number keeps the stored one)
    .input(
      z
        .object({ memberId: z.uuid(), ...fields, idNumber: z.string().trim().max(30).optional() })
        .partial()
        .required({ memberId: true }),
    )
    .mutation(({ ctx, input }) => ctx.services.members.update(ctx.actor, input)),
  /** the full ID number or phone of one member; audited */
  reveal: withPermission("member.manage")
    .input(z.object({ memberId: z.uuid(), field: z.enum(["idNumber", "phone"]) }))
    .mutation(({ ctx, input }) => ctx.services.members.reveal(ctx.actor, input)),
  setLostContact: withPermission("member.manage")
    .input(z.object({ memberId: z.uuid(), lost: z.boolean() }))
    .mutation(({ ctx, input }) => ctx.services.members.setLostContact(ctx.actor, input)),
  transferTargets: withPermission("member.manage")
    .input(z.object({ orgId: z.uuid().optional(), query: z.string().max(30) }))
    .query(({ ctx, input }) => ctx.services.members.transferTargets(ctx.actor, input)),
  requestTransfer: withPermission("member.manage")
    .input(z.object({ memberId: z.uuid(), toOrgId: z.uuid(), reason: z.string().max(200) }))
    .mutation(({ ctx, input }) => ctx.services.members.requestTransfer(ctx.actor, input)),
  decideTransfer: withPermission("member.manage")
    .input(z.object({ transferId: z.uuid(), approve: z.boolean(), reason: z.string().max(200).nullable().optional() }))
    .mutation(({ ctx, input }) => ctx.services.members.decideTransfer(ctx.actor, input)),
  importTemplate: withPermission("member.manage").query(({ ctx }) => ctx.services.members.importTemplate()),
  import: withPermission("member.manage")
    .input(
      z.object({
        orgId: z.uuid().optional(),
        file: z.instanceof(Uint8Array).refine((f) => f.byteLength <= MAX_IMPORT_BYTES),
      }),
    )
    .mutation(({ ctx, input }) => ctx.services.members.import(ctx.actor, input)),
});

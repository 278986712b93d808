import {
  addMemberInput,
  decideTransferInput,
  importMembersInput,
  listMembersInput,
  requestTransferInput,
  revealMemberInput,
  setLostContactInput,
  transferTargetsInput,
  updateMemberInput,
} from "@dangjian/services";
import { router, withPermission } from "../trpc.ts";

export const membersRouter = router({
  /** a page of a branch's members (masked), or a committee's organisations with counts (defect 4) */
  list: withPermission("member.list")
    .input(listMembersInput.default({}))
    .query(({ ctx, input }) => ctx.services.members.list(ctx.actor, input)),
  add: withPermission("member.manage")
    .input(addMemberInput)
    .mutation(({ ctx, input }) => ctx.services.members.add(ctx.actor, input)),
  // every field optional: what the form does not send stays as it is (an empty ID number keeps the stored one)
  update: withPermission("member.manage")
    .input(updateMemberInput)
    .mutation(({ ctx, input }) => ctx.services.members.update(ctx.actor, input)),
  /** the full ID number or phone of one member; audited */
  reveal: withPermission("member.manage")
    .input(revealMemberInput)
    .mutation(({ ctx, input }) => ctx.services.members.reveal(ctx.actor, input)),
  setLostContact: withPermission("member.manage")
    .input(setLostContactInput)
    .mutation(({ ctx, input }) => ctx.services.members.setLostContact(ctx.actor, input)),
  transferTargets: withPermission("member.manage")
    .input(transferTargetsInput)
    .query(({ ctx, input }) => ctx.services.members.transferTargets(ctx.actor, input)),
  requestTransfer: withPermission("member.manage")
    .input(requestTransferInput)
    .mutation(({ ctx, input }) => ctx.services.members.requestTransfer(ctx.actor, input)),
  decideTransfer: withPermission("member.manage")
    .input(decideTransferInput)
    .mutation(({ ctx, input }) => ctx.services.members.decideTransfer(ctx.actor, input)),
  importTemplate: withPermission("member.manage").query(({ ctx }) => ctx.services.members.importTemplate()),
  import: withPermission("member.manage")
    .input(importMembersInput)
    .mutation(({ ctx, input }) => ctx.services.members.import(ctx.actor, input)),
});

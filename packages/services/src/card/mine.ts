import { AppError, partyAgeYears } from "@dangjian/core";
import type { CardStatus, Gender, MemberStatus } from "@dangjian/db";
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";

export interface MyCard {
  name: string;
  memberNo: string;
  gender: Gender;
  branchName: string;
  joinedOn: Date;
  fullMemberOn: Date | null;
  partyAgeYears: number;
  memberStatus: MemberStatus;
  cardStatus: CardStatus | null;
  serial: string | null;
}

/** The member's own card: only ever the actor's own member record. */
export async function myCard(deps: ServiceDeps, actor: Actor): Promise<MyCard> {
  if (!actor.memberId) throw new AppError("NOT_FOUND", "member.notAMember");
  const member = await deps.db.member.findUniqueOrThrow({
    where: { id: actor.memberId },
    include: { branch: { select: { name: true } }, card: true },
  });
  return {
    name: member.name,
    memberNo: member.memberNo,
    gender: member.gender,
    branchName: member.branch.name,
    joinedOn: member.joinedOn,
    fullMemberOn: member.fullMemberOn,
    partyAgeYears: member.status === "FULL" ? partyAgeYears(member.fullMemberOn ?? member.joinedOn, deps.now()) : 0,
    memberStatus: member.status,
    cardStatus: member.card?.status ?? null,
    serial: member.card?.serial ?? null,
  };
}

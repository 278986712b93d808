// Authorisation is data: a role granted on an organisation. Committee roles cover the whole
// subtree; branch roles cover the branch and its party groups. This file is the one place
// that answers "may this actor do P on organisation X".

export const ROLES = [
  "MEMBER",
  "BRANCH_COMMITTEE",
  "BRANCH_SECRETARY",
  "COMMITTEE_STAFF",
  "COMMITTEE_ADMIN",
  "SCHOOL_ADMIN",
  "INSTRUCTOR",
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  "org.view", // see the organisation and its tree
  "org.manage", // rename an organisation of one's subtree (the old name is kept: ADR 0603)
  "branch.overview", // see a branch's home figures
  "member.list", // see the member list with personal details
  "member.manage",
  "meeting.manage",
  "meeting.restrictedRecord", // read the record of committee meetings (支委会) and talks (谈心谈话) one does not take part in
  "attendance.leaveReason", // read other members' leave reasons
  "dues.view", // see who is in arrears
  "dues.manage",
  "task.send",
  "task.answer", // mark a received notice or task read / done for one's organisation
  "warning.view",
  "warning.manage",
  "rules.tune",
  "link.manage",
  "school.view",
  "school.manage",
  "card.manage", // suspend, revoke, reinstate a member's e-party card; end a lost phone's binding
  "regional.browse", // see the region's needs and resources (区域化党建), and the projects of one's organisations
  "regional.manage", // post needs and resources for one's organisation, claim, order, accept, plan, close and evaluate projects
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const MEMBER: Permission[] = ["org.view", "branch.overview", "school.view"];
const BRANCH_COMMITTEE: Permission[] = [
  ...MEMBER,
  "member.list",
  "meeting.manage",
  "meeting.restrictedRecord",
  "dues.view",
  "task.answer",
  "regional.browse",
];
const BRANCH_SECRETARY: Permission[] = [
  ...BRANCH_COMMITTEE,
  "member.manage",
  "dues.manage",
  "attendance.leaveReason",
  "regional.manage",
];
const COMMITTEE_STAFF: Permission[] = [
  ...MEMBER,
  "member.list",
  "dues.view",
  "task.send",
  "task.answer",
  "warning.view",
  "warning.manage",
  "card.manage",
  "regional.browse",
  "regional.manage",
];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  MEMBER: new Set(MEMBER),
  BRANCH_COMMITTEE: new Set(BRANCH_COMMITTEE),
  BRANCH_SECRETARY: new Set(BRANCH_SECRETARY),
  COMMITTEE_STAFF: new Set(COMMITTEE_STAFF),
  COMMITTEE_ADMIN: new Set([...COMMITTEE_STAFF, "rules.tune", "link.manage", "org.manage"]),
  SCHOOL_ADMIN: new Set<Permission>(["school.view", "school.manage", "org.view"]),
  INSTRUCTOR: new Set<Permission>(["school.view", "school.manage"]),
};

export interface Grant {
  role: Role;
  orgId: string;
}

/** The organisation acted on: its id and the ids of all its ancestors (root first). */
export interface OrgRef {
  id: string;
  ancestorIds: readonly string[];
}

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/** A grant on G covers X when X is G or lies below G. */
export function grantCovers(grant: Grant, target: OrgRef): boolean {
  return grant.orgId === target.id || target.ancestorIds.includes(grant.orgId);
}

export function can(grants: readonly Grant[], permission: Permission, target: OrgRef): boolean {
  return grants.some((g) => roleHasPermission(g.role, permission) && grantCovers(g, target));
}

/** Permissions that do not depend on an organisation (e.g. viewing the course catalogue). */
export function canAnywhere(grants: readonly Grant[], permission: Permission): boolean {
  return grants.some((g) => roleHasPermission(g.role, permission));
}

/** The roles that carry a permission (for SQL that filters grants by role). */
export function rolesWith(permission: Permission): Role[] {
  return ROLES.filter((role) => roleHasPermission(role, permission));
}

/** The first grant that carries the permission: where the actor does P when no organisation is named. */
export function grantWith<G extends Grant>(grants: readonly G[], permission: Permission): G | undefined {
  return grants.find((g) => roleHasPermission(g.role, permission));
}

/**
 * The committee an actor works for, when a page names no organisation: a committee role is the
 * one that oversees a subtree, i.e. watches its warnings.
 */
export function committeeGrant<G extends Grant>(grants: readonly G[]): G | undefined {
  return grantWith(grants, "warning.view");
}

// ───────────── meeting records (who reads what, who writes) ─────────────

/** Meeting types whose record (minutes, outcomes, attendance, files, amendments) is not for every member. */
export const RESTRICTED_RECORD_TYPES: ReadonlySet<string> = new Set(["COMMITTEE_MEETING", "TALK"]);

export interface Reader {
  grants: readonly Grant[];
  memberId: string | null;
}

/**
 * The record of a committee meeting or a talk: the organisation's committee (and its secretary)
 * and the people on its attendance list. Other meeting types: whoever may see the meeting.
 * Committees above see that the meeting was held (type, date, counts), never what was said.
 */
export function canReadMeetingRecord(
  reader: Reader,
  meeting: { type: string; host: OrgRef; participantIds: readonly string[] },
): boolean {
  if (!RESTRICTED_RECORD_TYPES.has(meeting.type)) return true;
  if (reader.memberId !== null && meeting.participantIds.includes(reader.memberId)) return true;
  return can(reader.grants, "meeting.restrictedRecord", meeting.host);
}

/** A leave reason: the member who asked for leave, and the secretary of the meeting's or the member's branch. */
export function canReadLeaveReason(reader: Reader, row: { memberId: string; orgs: readonly OrgRef[] }): boolean {
  if (reader.memberId !== null && reader.memberId === row.memberId) return true;
  return row.orgs.some((org) => can(reader.grants, "attendance.leaveReason", org));
}

/**
 * Which organisations of a meeting may write its record and attendance: the host and the
 * partners that confirmed. An invited partner that has not confirmed may only read and confirm.
 */
export function meetingWriterOrgIds(
  orgs: ReadonlyArray<{ orgId: string; isHost: boolean; confirmed: boolean }>,
): string[] {
  return orgs.filter((o) => o.isHost || o.confirmed).map((o) => o.orgId);
}

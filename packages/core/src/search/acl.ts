// Who may find a search document. A document carries a list of access tokens; an actor holds a
// set of tokens derived from their grants; a document is visible when the two sets meet. Both
// engines filter on the server with this one overlap test (`acl && tokens` in PostgreSQL,
// `acl IN [...]` in Meilisearch), so the client never sends its scope. docs/decisions/0601.
import {
  RESTRICTED_RECORD_TYPES,
  ROLE_PERMISSIONS,
  type Grant,
  type OrgRef,
  type Permission,
} from "../auth/permissions.ts";

export const SEARCH_TYPES = [
  "course",
  "lesson",
  "meeting",
  "task",
  "notice",
  "org",
  "member",
  "file",
  "need",
  "resource",
] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** Everyone who may open the course catalogue. */
export const TOKEN_PUBLIC = "pub";
/** School staff see every course, published or not. */
export const TOKEN_SCHOOL_STAFF = "school.manage";

/** "P@G": holds permission P on organisation G (and so on G's subtree). */
export function permissionToken(permission: Permission, orgId: string): string {
  return `${permission}@${orgId}`;
}

/** The organisation and every ancestor: a grant on any of them covers it. */
export function chainOf(org: OrgRef): string[] {
  return [...org.ancestorIds, org.id];
}

/** Tokens for "whoever holds `permission` on `org` or above". */
export function coveredBy(permission: Permission, ...orgs: OrgRef[]): string[] {
  const tokens = new Set<string>();
  for (const org of orgs) for (const id of chainOf(org)) tokens.add(permissionToken(permission, id));
  return [...tokens];
}

/** Members of the organisation's subtree (a course with an audience). */
export function audienceToken(orgId: string): string {
  return `in:${orgId}`;
}

/** One member personally (a participant of a restricted meeting, oneself). */
export function memberToken(memberId: string): string {
  return `m:${memberId}`;
}

/**
 * Officers acting in region R (区域化党建): whoever holds `regional.browse` on R or on any
 * organisation below it. Needs and resources are for the whole region to find, not only for the
 * poster's own tree: a hospital in another township must find a village's need.
 */
export function regionToken(regionId: string): string {
  return `rg:${regionId}`;
}

/** The permissions documents are gated by: an actor's tokens only ever use these. */
export const SEARCH_PERMISSIONS: readonly Permission[] = [
  "org.view",
  "branch.overview",
  "member.list",
  "meeting.restrictedRecord",
  "task.answer",
  "task.send",
  "school.manage",
];

/**
 * The actor's tokens: P@G for every grant G and search permission P of its role, the audience
 * tokens of their own branch and its ancestors, their member token, and the catalogue tokens.
 */
export function actorTokens(input: {
  grants: ReadonlyArray<Grant & { orgAncestorIds?: readonly string[] }>;
  branch: OrgRef | null;
  memberId: string | null;
}): string[] {
  const tokens = new Set<string>();
  for (const grant of input.grants) {
    const permissions = ROLE_PERMISSIONS[grant.role];
    if (permissions.has("regional.browse"))
      for (const id of [...(grant.orgAncestorIds ?? []), grant.orgId]) tokens.add(regionToken(id));
    for (const permission of SEARCH_PERMISSIONS)
      if (permissions.has(permission)) tokens.add(permissionToken(permission, grant.orgId));
    if (permissions.has("school.view")) tokens.add(TOKEN_PUBLIC);
    if (permissions.has("school.manage")) tokens.add(TOKEN_SCHOOL_STAFF);
  }
  if (input.branch) for (const id of chainOf(input.branch)) tokens.add(audienceToken(id));
  if (input.memberId) tokens.add(memberToken(input.memberId));
  return [...tokens].sort();
}

/**
 * Meetings: whoever may see the organisation's meetings. Committee meetings and talks
 * (RESTRICTED_RECORD_TYPES, ADR 0750) carry their minutes, so they are found only by those who may
 * read the record: the branch committee (`meeting.restrictedRecord` on the host) and the people on
 * the attendance list; committees above see that such a meeting was held, not what was said.
 */
export function meetingAcl(input: {
  type: string;
  host: OrgRef;
  orgs: OrgRef[];
  attendeeMemberIds: readonly string[];
}): string[] {
  if (!RESTRICTED_RECORD_TYPES.has(input.type)) return coveredBy("branch.overview", input.host, ...input.orgs);
  return [
    ...new Set([...coveredBy("meeting.restrictedRecord", input.host), ...input.attendeeMemberIds.map(memberToken)]),
  ];
}

export function courseAcl(input: { published: boolean; audienceOrgId: string | null }): string[] {
  if (!input.published) return [TOKEN_SCHOOL_STAFF];
  return input.audienceOrgId
    ? [audienceToken(input.audienceOrgId), TOKEN_SCHOOL_STAFF]
    : [TOKEN_PUBLIC, TOKEN_SCHOOL_STAFF];
}

export function taskAcl(input: { kind: "TASK" | "NOTICE"; sender: OrgRef; targets: OrgRef[] }): string[] {
  const receive: Permission = input.kind === "NOTICE" ? "branch.overview" : "task.answer";
  return [...new Set([...coveredBy("task.send", input.sender), ...coveredBy(receive, ...input.targets)])];
}

export function memberAcl(input: { memberId: string; branch: OrgRef }): string[] {
  return [...coveredBy("member.list", input.branch), memberToken(input.memberId)];
}

/** A need or a resource: every officer of the region, and the posting organisation's own people. */
export function regionalAcl(input: { regionId: string; org: OrgRef }): string[] {
  return [regionToken(input.regionId), ...coveredBy("branch.overview", input.org)];
}

export function orgAcl(org: OrgRef): string[] {
  return coveredBy("org.view", org);
}

export function visibleTo(acl: readonly string[], tokens: readonly string[]): boolean {
  const set = new Set(tokens);
  return acl.some((token) => set.has(token));
}

// Partnerships (联建) are stored once per pair with orgAId < orgBId.

export const LINK_TYPES = [
  "VILLAGE_VILLAGE",
  "VILLAGE_ENTERPRISE",
  "VILLAGE_COMMUNITY",
  "VILLAGE_AGENCY",
  "ENTERPRISE_ENTERPRISE",
  "COMMUNITY_COBUILD",
  "SECTOR_HUB",
  "PAIRING",
  "CROSS_REGION",
] as const;
export type LinkTypeName = (typeof LINK_TYPES)[number];

/** The pair in storage order, or null for a self-loop. */
export function canonicalPair(x: string, y: string): { orgAId: string; orgBId: string } | null {
  if (x === y) return null;
  return x < y ? { orgAId: x, orgBId: y } : { orgAId: y, orgBId: x };
}

/** A partnership is in force on `day` when active and the day lies within [start, end]. */
export function linkInForce(link: { status: string; startsOn: Date; endsOn: Date | null }, day: Date): boolean {
  return link.status === "ACTIVE" && link.startsOn <= day && (link.endsOn === null || day <= link.endsOn);
}

export function validLinkDates(startsOn: Date, endsOn: Date | null): boolean {
  return endsOn === null || endsOn >= startsOn;
}

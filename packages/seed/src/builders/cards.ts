// The e-party cards (电子党证) of the demo region.
import { addDays, type Build, type DemoPeople } from "./model.ts";

/** An e-party card per member. */
export function buildCards(b: Build, demo: DemoPeople): void {
  const { ids, misc, refMonth, rows } = b;
  const { allPeople } = demo;
  const serials = new Set<string>();
  for (const p of allPeople) {
    let serial: string;
    do serial = `JC${misc.digits(10)}`;
    while (serials.has(serial));
    serials.add(serial);
    const issued = addDays(refMonth, -misc.int(20, 600));
    rows.cards.push({
      id: ids.uuid(),
      memberId: p.id,
      serial,
      status: "ACTIVE",
      issuedAt: issued > p.joinedOn ? issued : addDays(p.joinedOn, 7),
    });
  }
}

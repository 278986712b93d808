// The organisation tree of the demo region (江川市) and its rows.
import type { Random } from "../random.ts";
import { REGION } from "../region.ts";
import type { BranchSpec, TownshipSpec } from "../region.ts";
import {
  utcDate,
  must,
  type OrgNode,
  type BranchState,
  type GeneralBranchState,
  type Build,
  type Tree,
} from "./model.ts";

/** The organisation tree: the city committee, counties, townships, branches with their party groups, general branches. */
export function buildOrganisations(b: Build): Tree {
  const { ids, structure } = b;
  const orgNodes: OrgNode[] = [];
  const addOrg = (
    parent: OrgNode | null,
    fields: Pick<OrgNode, "name" | "shortName" | "kind" | "level" | "sector" | "setup" | "regionCode" | "sortOrder"> &
      Partial<Pick<OrgNode, "foundedOn" | "address">>,
  ): OrgNode => {
    const id = ids.uuid();
    const ancestorIds = parent ? [...parent.ancestorIds, parent.id] : [];
    const node: OrgNode = {
      id,
      ...fields,
      foundedOn: fields.foundedOn ?? null,
      address: fields.address ?? null,
      parentId: parent?.id ?? null,
      ancestorIds,
      path: `${parent ? parent.path : "/"}${id}/`,
      depth: ancestorIds.length,
      committeeTermYears: null,
      committeeElectedOn: null,
    };
    orgNodes.push(node);
    return node;
  };

  const foundedRange = (spec: BranchSpec): [number, number] => {
    if (spec.setup === "YOUTH") return [2019, 2022];
    if (spec.setup === "MOBILE_MEMBERS") return [2014, 2019];
    if (spec.kind === "JOINT_BRANCH") return [2017, 2021];
    switch (spec.sector) {
      case "VILLAGE":
        return [1952, 1985];
      case "COMMUNITY":
        return [1992, 2012];
      case "ENTERPRISE":
        return [2006, 2018];
      case "TWO_NEW":
        return [2012, 2020];
      case "SCHOOL":
        return [1970, 2000];
      case "HOSPITAL":
        return [1965, 1998];
      default:
        return [1956, 1990];
    }
  };
  const randomDateInYears = (rng: Random, from: number, to: number): Date =>
    utcDate(rng.int(from, to), rng.int(0, 11), rng.int(1, 28));

  const branches: BranchState[] = [];
  const branchByKey = new Map<string, BranchState>();
  const generalBranches: GeneralBranchState[] = [];

  const rootOrg = addOrg(null, {
    name: REGION.name,
    shortName: REGION.shortName,
    kind: "COMMITTEE",
    level: "CITY",
    sector: "OTHER",
    setup: "NORMAL",
    regionCode: REGION.regionCode,
    sortOrder: 0,
    address: `${REGION.seat}人民路1号`,
  });
  const countyOrgs = new Map<string, OrgNode>();
  const townshipOrgs = new Map<string, OrgNode>();

  const addBranch = (
    parent: OrgNode,
    spec: BranchSpec,
    sortOrder: number,
    county: string,
    township: TownshipSpec,
  ): BranchState => {
    const [from, to] = foundedRange(spec);
    const org = addOrg(parent, {
      name: spec.name,
      shortName: spec.shortName,
      kind: spec.kind,
      level: "BRANCH",
      sector: spec.sector,
      setup: spec.setup ?? "NORMAL",
      regionCode: null,
      sortOrder,
      foundedOn: randomDateInYears(structure, from, to),
      address:
        spec.sector === "VILLAGE" || spec.sector === "COMMUNITY"
          ? `${township.seat}${spec.workUnit}`
          : `${township.seat}${spec.workUnit.replace(/^.*?(县|区|镇|乡|街道)/, "")}`,
    });
    const state: BranchState = {
      key: spec.key,
      spec,
      org,
      county,
      township,
      members: [],
      groups: [],
      committee: [],
      hasCommittee: false,
      presentRate: 0,
      leaveRate: 0,
      themeDays: new Map(),
    };
    const ordinals = ["第一", "第二", "第三", "第四", "第五"];
    for (let g = 0; g < (spec.groups ?? 0); g++) {
      const groupOrg = addOrg(org, {
        name: `${must(ordinals[g], "group ordinal")}党小组`,
        shortName: null,
        kind: "PARTY_GROUP",
        level: "GROUP",
        sector: spec.sector,
        setup: "NORMAL",
        regionCode: null,
        sortOrder: g,
      });
      state.groups.push({ org: groupOrg, members: [], leader: null });
    }
    branches.push(state);
    branchByKey.set(spec.key, state);
    return state;
  };

  REGION.counties.forEach((county, ci) => {
    const countyOrg = addOrg(rootOrg, {
      name: county.name,
      shortName: county.shortName,
      kind: "COMMITTEE",
      level: "COUNTY",
      sector: "OTHER",
      setup: "NORMAL",
      regionCode: county.regionCode,
      sortOrder: ci,
    });
    countyOrgs.set(county.key, countyOrg);
    county.townships.forEach((township, ti) => {
      const townshipOrg = addOrg(countyOrg, {
        name: township.name,
        shortName: township.shortName,
        kind: "COMMITTEE",
        level: "TOWNSHIP",
        sector: "OTHER",
        setup: "NORMAL",
        regionCode: township.regionCode,
        sortOrder: ti,
        address: township.seat,
      });
      townshipOrgs.set(township.key, townshipOrg);
      township.branches.forEach((spec, bi) => {
        if (spec.kind === "GENERAL_BRANCH") {
          const org = addOrg(townshipOrg, {
            name: spec.name,
            shortName: spec.shortName,
            kind: "GENERAL_BRANCH",
            level: "BRANCH",
            sector: spec.sector,
            setup: "NORMAL",
            regionCode: null,
            sortOrder: bi,
            foundedOn: randomDateInYears(structure, 1998, 2008),
            address: `${township.seat}${spec.place.replace(/党群服务中心$/, "居民委员会")}`,
          });
          const children = spec.children.map((child, k) => addBranch(org, child, k, county.regionCode, township));
          generalBranches.push({ spec, org, children, committee: [] });
        } else {
          addBranch(townshipOrg, spec, bi, county.regionCode, township);
        }
      });
    });
  });
  return { orgNodes, rootOrg, countyOrgs, townshipOrgs, branches, branchByKey, generalBranches };
}

/** The organisation rows, once committee terms are known. */
export function orgRows(b: Build, tree: Tree): void {
  const { rows } = b;
  const { orgNodes } = tree;
  for (const o of orgNodes) {
    rows.orgs.push({
      id: o.id,
      name: o.name,
      shortName: o.shortName,
      kind: o.kind,
      level: o.level,
      sector: o.sector,
      setup: o.setup,
      regionCode: o.regionCode,
      parentId: o.parentId,
      ancestorIds: o.ancestorIds,
      path: o.path,
      depth: o.depth,
      sortOrder: o.sortOrder,
      foundedOn: o.foundedOn,
      committeeTermYears: o.committeeTermYears,
      committeeElectedOn: o.committeeElectedOn,
      address: o.address,
    });
  }
}

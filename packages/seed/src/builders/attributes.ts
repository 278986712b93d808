// Attributes of a generated member by branch and category: age, gender, education, income,
// a well-formed ID number and a phone number.
import type { Gender, MemberCategory } from "@dangjian/db";
import { idNumberCheckChar } from "@dangjian/core";
import type { Random } from "../random.ts";
import type { BranchSpec } from "../region.ts";
import { pad2 } from "./model.ts";

export function categoryWeights(spec: BranchSpec): [MemberCategory, number][] {
  if (spec.setup === "MOBILE_MEMBERS")
    return [
      ["MOBILE", 80],
      ["FARMER", 10],
      ["ON_DUTY", 10],
    ];
  if (spec.setup === "YOUTH")
    return [
      ["ON_DUTY", 88],
      ["STUDENT", 12],
    ];
  switch (spec.sector) {
    case "VILLAGE":
      return [
        ["FARMER", 45],
        ["RETIRED", 22],
        ["MOBILE", 16],
        ["ON_DUTY", 10],
        ["UNEMPLOYED", 4],
        ["STUDENT", 3],
      ];
    case "COMMUNITY":
      return [
        ["RETIRED", 45],
        ["ON_DUTY", 33],
        ["UNEMPLOYED", 8],
        ["MOBILE", 7],
        ["STUDENT", 4],
      ];
    case "ENTERPRISE":
    case "TWO_NEW":
      return [
        ["ON_DUTY", 96],
        ["MOBILE", 4],
      ];
    default:
      return [
        ["ON_DUTY", 94],
        ["RETIRED", 6],
      ];
  }
}

export function ageRange(category: MemberCategory, spec: BranchSpec): [number, number] {
  switch (category) {
    case "FARMER":
      return [32, 78];
    case "RETIRED":
      return spec.sector === "VILLAGE" ? [60, 90] : [56, 88];
    case "MOBILE":
      return [22, 50];
    case "STUDENT":
      return [20, 24];
    case "UNEMPLOYED":
      return [23, 45];
    case "ON_DUTY":
      if (spec.setup === "YOUTH") return [23, 35];
      return spec.sector === "VILLAGE" ? [30, 58] : [24, 58];
  }
}

export function femaleShare(spec: BranchSpec): number {
  if (spec.setup === "MOBILE_MEMBERS") return 0.2;
  switch (spec.sector) {
    case "VILLAGE":
      return 0.22;
    case "COMMUNITY":
      return 0.52;
    case "SCHOOL":
      return 0.58;
    case "HOSPITAL":
      return 0.62;
    case "AGENCY":
      return 0.36;
    default:
      return 0.32;
  }
}

export function education(rng: Random, category: MemberCategory, spec: BranchSpec, age: number): string {
  switch (category) {
    case "FARMER":
      return rng.weighted(
        age > 65
          ? [
              ["小学", 45],
              ["初中", 45],
              ["高中", 10],
            ]
          : [
              ["小学", 12],
              ["初中", 58],
              ["高中", 24],
              ["中专", 6],
            ],
      );
    case "RETIRED":
      return rng.weighted(
        spec.sector === "VILLAGE"
          ? [
              ["小学", 30],
              ["初中", 48],
              ["高中", 18],
              ["中专", 4],
            ]
          : [
              ["初中", 20],
              ["高中", 30],
              ["中专", 22],
              ["大专", 20],
              ["本科", 8],
            ],
      );
    case "MOBILE":
      return rng.weighted([
        ["初中", 40],
        ["高中", 32],
        ["中专", 16],
        ["大专", 12],
      ]);
    case "STUDENT":
      return rng.weighted([
        ["本科", 82],
        ["研究生", 18],
      ]);
    case "UNEMPLOYED":
      return rng.weighted([
        ["高中", 30],
        ["大专", 40],
        ["本科", 30],
      ]);
    case "ON_DUTY":
      if (spec.sector === "AGENCY" || spec.sector === "SCHOOL" || spec.sector === "HOSPITAL") {
        return rng.weighted([
          ["大专", 14],
          ["本科", 72],
          ["研究生", 14],
        ]);
      }
      if (spec.sector === "VILLAGE")
        return rng.weighted([
          ["高中", 40],
          ["中专", 20],
          ["大专", 30],
          ["本科", 10],
        ]);
      if (spec.sector === "COMMUNITY")
        return rng.weighted([
          ["高中", 10],
          ["大专", 40],
          ["本科", 50],
        ]);
      return rng.weighted([
        ["高中", 10],
        ["中专", 15],
        ["大专", 35],
        ["本科", 35],
        ["研究生", 5],
      ]);
  }
}

/** Monthly after-tax income in whole yuan, rounded to 10 yuan. */
export function incomeYuan(rng: Random, category: MemberCategory, spec: BranchSpec): number | null {
  const range = ((): [number, number] | null => {
    switch (category) {
      case "RETIRED":
        if (spec.sector === "VILLAGE") return [1500, 4000];
        if (spec.sector === "COMMUNITY") return [2800, 7000];
        return [4000, 8200];
      case "MOBILE":
        return [2800, 7500];
      case "ON_DUTY":
        if (spec.setup === "YOUTH") return [4000, 12_000];
        switch (spec.sector) {
          case "AGENCY":
            return [5000, 9500];
          case "SCHOOL":
            return [4800, 9000];
          case "HOSPITAL":
            return [5000, 13_000];
          case "ENTERPRISE":
            return [3500, 16_000];
          case "VILLAGE":
            return [2200, 4200];
          case "COMMUNITY":
            return [2800, 5200];
          default:
            return [3000, 8000];
        }
      default:
        return null;
    }
  })();
  if (!range) return null;
  return Math.round(rng.float(range[0], range[1]) / 10) * 10;
}

/** A well-formed 18-digit 居民身份证号 (GB 11643 check digit) for a synthetic person. */
export function idNumber(regionCode: string, birth: Date, sequence: number, gender: Gender): string {
  const seq = sequence * 2 + (gender === "MALE" ? 1 : 0);
  const body = `${regionCode}${birth.getUTCFullYear()}${pad2(birth.getUTCMonth() + 1)}${pad2(birth.getUTCDate())}${String(seq).padStart(3, "0")}`;
  return body + idNumberCheckChar(body);
}

export const PHONE_PREFIXES = [
  "130",
  "131",
  "132",
  "133",
  "134",
  "135",
  "136",
  "137",
  "139",
  "150",
  "151",
  "152",
  "153",
  "155",
  "156",
  "157",
  "158",
  "159",
  "166",
  "173",
  "176",
  "177",
  "180",
  "181",
  "182",
  "183",
  "187",
  "188",
  "189",
  "191",
  "198",
  "199",
] as const;

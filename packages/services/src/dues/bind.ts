// The dues use cases bound to one set of dependencies; createServices() exposes them as services.dues.
import type { MonthKey } from "@dangjian/core";
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import { arrears, declareIncome, monthLedger, myDues, receipt, recordPayment, type DeclareInput, type RecordPaymentInput } from "./dues.ts";

export function bindDues(deps: ServiceDeps) {
  return {
    declare: (actor: Actor, input: DeclareInput) => declareIncome(deps, actor, input),
    ledger: (actor: Actor, input: { orgId?: string | undefined; month?: MonthKey | undefined }) => monthLedger(deps, actor, input),
    recordPayment: (actor: Actor, input: RecordPaymentInput) => recordPayment(deps, actor, input),
    receipt: (actor: Actor, input: { paymentId: string }) => receipt(deps, actor, input),
    arrears: (actor: Actor, input: { orgId?: string | undefined }) => arrears(deps, actor, input),
    mine: (actor: Actor) => myDues(deps, actor),
  };
}

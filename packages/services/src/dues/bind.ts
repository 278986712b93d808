// The dues use cases bound to one set of dependencies; createServices() exposes them as services.dues.
import type { Actor } from "../actor.ts";
import type { ServiceDeps } from "../deps.ts";
import {
  arrears,
  declareIncome,
  monthLedger,
  myDues,
  receipt,
  recordPayment,
  type DeclareInput,
  type RecordPaymentInput,
} from "./dues.ts";

export function bindDues(deps: ServiceDeps) {
  return {
    declare: (actor: Actor, input: DeclareInput) => declareIncome(deps, actor, input),
    ledger: (actor: Actor, input: Parameters<typeof monthLedger>[2]) => monthLedger(deps, actor, input),
    recordPayment: (actor: Actor, input: RecordPaymentInput) => recordPayment(deps, actor, input),
    receipt: (actor: Actor, input: Parameters<typeof receipt>[2]) => receipt(deps, actor, input),
    arrears: (actor: Actor, input: Parameters<typeof arrears>[2]) => arrears(deps, actor, input),
    mine: (actor: Actor) => myDues(deps, actor),
  };
}

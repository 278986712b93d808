// The audit trail: who did what to which record, written in the transaction of the change itself.
import type { DbTx, Prisma } from "@dangjian/db";
import type { Actor } from "./actor.ts";

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string;
  orgId?: string;
  /** when it happened (default: the database's now()) */
  at?: Date;
  data?: Prisma.InputJsonValue;
}

/** One audit entry for what `actor` did, written in `tx`: the transaction of the change it records, if any. */
export async function audit(tx: DbTx, actor: Pick<Actor, "accountId">, entry: AuditEntry): Promise<void> {
  await tx.auditLog.create({ data: { accountId: actor.accountId, ...entry } });
}

// The pieces of read routing that need no replica (ADR 1002): WAL positions, the insert position
// at a page boundary, the route a read takes for each replica state and fence, and which errors
// send a read back to the primary. The real streaming replica is in apps/gateway/test/read-replica.test.ts.
import { describe, expect, it } from "vitest";
import {
  formatLsn,
  insertPositionAsRecordEnd,
  parseLsn,
  type ReadReplica,
  type ReplicaState,
} from "@dangjian/db/replica";
import { replicaFailure, routeFor } from "../src/reads.ts";

describe("WAL positions", () => {
  it("parses and prints PostgreSQL's notation, and refuses anything else", () => {
    expect(parseLsn("0/0")).toBe(0n);
    expect(parseLsn("16/B374D848")).toBe((0x16n << 32n) | 0xb374d848n);
    expect(formatLsn(parseLsn("16/B374D848")!)).toBe("16/B374D848");
    expect(parseLsn("FFFFFFFF/FFFFFFFF")).toBe((1n << 64n) - 1n);
    for (const bad of ["", "16", "16/", "/1", "G/1", "1/2/3", "123456789/0", " 1/2", "1/2; DROP", null, undefined])
      expect(parseLsn(bad)).toBeNull();
  });

  it("reads the insert position just past a page header as the page boundary", () => {
    const block = 8192n;
    const segment = 16n * 1024n * 1024n;
    expect(insertPositionAsRecordEnd(3n * segment + 40n, block, segment)).toBe(3n * segment); // long header
    expect(insertPositionAsRecordEnd(3n * segment + 5n * block + 24n, block, segment)).toBe(3n * segment + 5n * block);
    expect(insertPositionAsRecordEnd(3n * segment + 5n * block + 32n, block, segment)).toBe(
      3n * segment + 5n * block + 32n,
    );
    expect(insertPositionAsRecordEnd(3n * segment + 4000n, block, segment)).toBe(3n * segment + 4000n);
  });
});

function fakeReplica(state: Partial<ReplicaState>): ReadReplica {
  const full: ReplicaState = {
    status: "streaming",
    replayLsn: "0/5000",
    stalenessMs: 10,
    lagBytes: 0,
    checkedAt: 0,
    ...state,
  };
  return {
    db: null as never,
    maxLagMs: 5000,
    state: () => full,
    serves: (after) =>
      full.status === "streaming" &&
      (after == null || (parseLsn(after) !== null && parseLsn(full.replayLsn)! >= parseLsn(after)!)),
    fence: async () => "0/6000",
    failed: () => undefined,
    check: async () => full,
    close: async () => undefined,
  };
}

describe("where a lag-tolerant read goes", () => {
  it("the replica only when it streams within its bound and has replayed the actor's own write", () => {
    expect(routeFor(undefined, null)).toBe("no_replica");
    expect(routeFor(fakeReplica({}), null)).toBe("replica");
    expect(routeFor(fakeReplica({}), "0/5000")).toBe("replica");
    expect(routeFor(fakeReplica({}), "0/5001")).toBe("own_write");
    expect(routeFor(fakeReplica({}), "not-a-position")).toBe("own_write");
    expect(routeFor(fakeReplica({ status: "lagging" }), null)).toBe("replica_lagging");
    expect(routeFor(fakeReplica({ status: "down" }), null)).toBe("replica_down");
    expect(routeFor(fakeReplica({ status: "starting" }), null)).toBe("replica_down");
    expect(routeFor(fakeReplica({ status: "not_standby" }), null)).toBe("replica_not_standby");
    expect(routeFor(fakeReplica({ status: "other_cluster" }), null)).toBe("replica_not_standby");
  });

  it("asks the primary again after an outage or a recovery conflict, not after a write attempted on the replica", () => {
    expect(replicaFailure({ code: "P1001" })).toBe(true);
    expect(replicaFailure({ meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } })).toBe(true);
    expect(replicaFailure({ cause: { kind: "DatabaseNotReachable" } })).toBe(true);
    expect(replicaFailure({ code: "40001", message: "canceling statement due to conflict with recovery" })).toBe(true);
    expect(
      replicaFailure({ originalCode: "57P01", message: "terminating connection due to administrator command" }),
    ).toBe(true);
    expect(replicaFailure({ originalCode: "25006", message: "cannot execute INSERT in a read-only transaction" })).toBe(
      false,
    );
    expect(replicaFailure({ code: "P2002" })).toBe(false);
  });
});

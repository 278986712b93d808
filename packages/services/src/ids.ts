// Time-ordered ids (UUIDv7, ADR 1073) for rows the services insert in bulk, with their random bits
// taken from a pooled buffer (ADR 1076).
//
// The uuid package draws 16 bytes through crypto.getRandomValues for every id: ~7 µs each on
// these machines, mostly the system call. A province's first warning pass makes ~1.3 million ids
// (warnings and tasks), ~9 s of Node's CPU in a phase where Node is the bottleneck. One
// randomFillSync of 4 KiB serves 256 ids instead. The bytes are the same CSPRNG's; each is used once.
import { randomFillSync } from "node:crypto";
import { v7 } from "uuid";

const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let used = POOL_BYTES;

/** the last id's millisecond and its 31-bit counter: ids made in one process are strictly increasing */
let lastMsecs = -Infinity;
let seq = 0;

/**
 * A new UUIDv7. Within one process each id sorts after the one before, as the uuid package's own
 * v7() guarantees (same rule: a random counter at each new millisecond, +1 within one; when it
 * wraps, the millisecond moves on); across processes they are unique by their random bits (the
 * counter's random start and 42 more in every id), as the package's are.
 */
export function timeOrderedId(): string {
  if (used + 16 > POOL_BYTES) {
    randomFillSync(pool);
    used = 0;
  }
  const random = pool.subarray(used, (used += 16));
  const now = Date.now();
  if (now > lastMsecs) {
    // 31 bits, top bit clear: room to count up within the millisecond (as uuid's v7Sequence)
    seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
    lastMsecs = now;
  } else {
    seq = (seq + 1) | 0;
    if (seq === 0) lastMsecs++;
  }
  return v7({ random, msecs: lastMsecs, seq });
}

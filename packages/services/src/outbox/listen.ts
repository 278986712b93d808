import pg from "pg";
import { OUTBOX_CHANNEL } from "./outbox.ts";

/**
 * Calls `onEvent` whenever an outbox row is committed (trigger + NOTIFY). Reconnects after
 * a lost connection; callers still poll now and then, since a NOTIFY can be missed while down.
 */
export function listenForOutbox(
  databaseUrl: string,
  onEvent: () => void,
  onError: (error: Error) => void,
): { close(): Promise<void> } {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async () => {
    const next = new pg.Client({ connectionString: databaseUrl });
    next.on("notification", () => onEvent());
    next.on("error", (error) => {
      onError(error);
      void next.end().catch(() => {});
      if (!closed) retry = setTimeout(() => void connect(), 1000);
    });
    try {
      await next.connect();
      await next.query(`LISTEN ${OUTBOX_CHANNEL}`);
      client = next;
      onEvent(); // catch up on anything committed while not listening
    } catch (error) {
      onError(error as Error);
      if (!closed) retry = setTimeout(() => void connect(), 1000);
    }
  };
  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}

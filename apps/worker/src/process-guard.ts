// Last line of defence for the worker process (ADR 0707). A job's own failure fails that job
// through pg-boss (retry, then FAILED with a reason); anything that still escapes, a rejected
// promise nobody awaited or an exception thrown from a timer callback, is logged and the process
// keeps serving the other queues instead of dying with every job in flight.
function describe(reason: unknown): string {
  if (reason instanceof Error)
    return `${reason.name}: ${reason.message}${reason.stack ? `\n${reason.stack.split("\n").slice(1, 4).join("\n")}` : ""}`;
  return String(reason);
}

export function installProcessGuards(log: (message: string) => void = console.error): () => void {
  const onRejection = (reason: unknown) =>
    log(`[worker] 未处理的异步错误（已记录，进程继续运行）：${describe(reason)}`);
  const onException = (error: Error) => log(`[worker] 未捕获的异常（已记录，进程继续运行）：${describe(error)}`);
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  return () => {
    process.off("unhandledRejection", onRejection);
    process.off("uncaughtException", onException);
  };
}

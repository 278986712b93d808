-- One run of a scheduled job per slot, whichever worker runs it (ADR 1003): the nightly warning
-- pass records its slot here in the transaction that holds the job's advisory lock.
-- CreateTable
CREATE TABLE "ScheduledRun" (
    "key" TEXT NOT NULL,
    "finishedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "ms" INTEGER NOT NULL,

    CONSTRAINT "ScheduledRun_pkey" PRIMARY KEY ("key")
);

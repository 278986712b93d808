-- The last pass over the region that judged the partnership rules (ADR 1066): its instant and the
-- network version it judged. The nightly pass judges only the ties whose strength crossed a
-- rule's line since then, while the version is the same; otherwise every tie.
-- CreateTable
CREATE TABLE "WarningNetworkPass" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "at" TIMESTAMP(3) NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "WarningNetworkPass_pkey" PRIMARY KEY ("id")
);

-- Emptying the warnings at once: nothing known about them holds; the next pass judges every tie.
CREATE OR REPLACE FUNCTION "dangjian_warning_all_due"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "WarningDue";
  DELETE FROM "WarningNetworkPass";
  RETURN NULL;
END $$;

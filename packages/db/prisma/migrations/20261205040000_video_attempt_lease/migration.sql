-- A transcode attempt holds its asset by a lease and writes under its own prefix (ADR 1041).
ALTER TABLE "VideoAsset" ADD COLUMN "attempt" UUID,
ADD COLUMN "leaseUntil" TIMESTAMP(3),
ADD COLUMN "jobId" UUID;

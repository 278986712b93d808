-- CreateTable
CREATE TABLE "NetworkVersion" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "version" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "NetworkVersion_pkey" PRIMARY KEY ("id")
);


-- Every statement that changes a partnership, or the existence, activity or level of an
-- organisation, bumps the version in its own transaction (readers see it with the change). The
-- value comes from a sequence, so a recreated or truncated table never repeats an old version.
CREATE SEQUENCE "NetworkVersion_seq";
INSERT INTO "NetworkVersion" ("id", "version") VALUES (1, nextval('"NetworkVersion_seq"'));

CREATE FUNCTION "dangjian_network_bump"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "NetworkVersion" ("id", "version") VALUES (1, nextval('"NetworkVersion_seq"'))
  ON CONFLICT ("id") DO UPDATE SET "version" = EXCLUDED."version";
  RETURN NULL;
END $$;

CREATE TRIGGER "OrgLink_network_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "OrgLink" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_network_bump"();
CREATE TRIGGER "Org_network_version" AFTER INSERT OR DELETE OR TRUNCATE ON "Org" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_network_bump"();
CREATE TRIGGER "Org_network_version_update" AFTER UPDATE OF "active", "level" ON "Org" FOR EACH STATEMENT EXECUTE FUNCTION "dangjian_network_bump"();

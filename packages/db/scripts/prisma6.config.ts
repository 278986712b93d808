// Prisma 6's CLI runs its WASM schema engine (no download) when it is given a driver adapter;
// Prisma 7's CLI cannot run offline. Used only by scripts/migration.ts (ADR 0002): `db pull`
// introspects a freshly migrated scratch database, `migrate diff` compares two datamodels.
import { defineConfig } from "prisma6/config";
import { PrismaPg } from "adapter-pg6";

interface Field {
  dataTypeID: number;
}
interface Queryable {
  performIO(query: unknown): Promise<{ fields: Field[] }>;
  queryRaw(query: unknown): Promise<{ columnTypes: number[] }>;
  charColumns?: number[];
}

const NAME_OID = 19;
const CHAR_OID = 18;
const TEXT_OID = 25;
const CHARACTER_COLUMN = 6; // ColumnTypeEnum.Character of @prisma/driver-adapter-utils 6.19

/**
 * The 6.19 adapter cannot read PostgreSQL's `name` and `"char"` columns, which introspection
 * selects from pg_catalog (prisma/orm#27403). Read `name` as text and `"char"` as a character,
 * as the engine expects; the values themselves are already strings.
 */
function readCatalogTypes(instance: object): void {
  let proto: (Queryable & { patched?: boolean }) | null = instance as Queryable;
  while (proto && !Object.hasOwn(proto, "performIO")) proto = Object.getPrototypeOf(proto) as Queryable | null;
  if (!proto || proto.patched) return;
  const performIO = proto.performIO;
  const queryRaw = proto.queryRaw;
  proto.performIO = async function (this: Queryable, query) {
    const result = await performIO.call(this, query);
    this.charColumns = [];
    result.fields.forEach((field, i) => {
      if (field.dataTypeID === CHAR_OID) this.charColumns!.push(i);
      if (field.dataTypeID === NAME_OID || field.dataTypeID === CHAR_OID) field.dataTypeID = TEXT_OID;
    });
    return result;
  };
  // the engine sends one query at a time per connection, so the columns noted above are this query's
  proto.queryRaw = async function (this: Queryable, query) {
    const result = await queryRaw.call(this, query);
    for (const i of this.charColumns ?? []) result.columnTypes[i] = CHARACTER_COLUMN;
    return result;
  };
  proto.patched = true;
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "../prisma/schema.prisma",
  migrations: { path: "../prisma/migrations" },
  async adapter() {
    const factory = new PrismaPg({
      connectionString: process.env.DATABASE_URL ?? "postgresql://unused@127.0.0.1:1/unused",
    });
    const connect = factory.connect.bind(factory);
    factory.connect = async () => {
      const adapter = await connect();
      readCatalogTypes(adapter);
      return adapter;
    };
    return factory;
  },
});

// fast-check arbitraries derived from a procedure's zod 4 input schema (zod-fast-check supports
// zod 3 only). `validShaped` follows the schema (types, lengths, formats, enums, bounds) so that
// calls get past validation into the services; `malformed` breaks one spot of such a value (wrong
// type, over-long text, NaN, an unknown key, …) or sends anything at all. Unknown schema kinds
// throw, so that a new kind of input is noticed here instead of being silently fuzzed badly.
import fc from "fast-check";
import type { z } from "zod";

interface Def {
  type: string;
  checks?: Array<{ _zod: { def: CheckDef } }>;
  [key: string]: unknown;
}
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number | bigint | Date;
  inclusive?: boolean;
}

type Schema = z.core.$ZodType;
const defOf = (schema: Schema): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Where uuids come from: ids of rows in and out of the caller's scope, and unknown ones. */
export interface IdPool {
  ids: readonly string[];
}

const CJK = fc.constantFrom(..."党支部委员会学习教育组织生活主题党日缴费红旗村镇县市省中国共产党员同志".split(""));
const text = (maxLength: number) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: CJK, maxLength }) },
    { weight: 2, arbitrary: fc.string({ maxLength }) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "../../etc/passwd",
        "${jndi:x}",
        " \t ",
        "%00",
        "\u202e",
      ),
    },
  );

function checksOf(def: Def): CheckDef[] {
  const own = def.check ? [def as unknown as CheckDef] : [];
  return [...own, ...(def.checks ?? []).map((c) => c._zod.def)];
}

function stringArbitrary(def: Def, pool: IdPool): fc.Arbitrary<string> {
  const checks = checksOf(def);
  let min = 0;
  let max = Infinity;
  let format: CheckDef | undefined;
  for (const c of checks) {
    if (c.check === "min_length") min = Math.max(min, c.minimum!);
    if (c.check === "max_length") max = Math.min(max, c.maximum!);
    if (c.check === "length_equals") min = max = c.length!;
    if (c.check === "string_format") format = c;
  }
  if (format?.format === "uuid" || format?.format === "guid")
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...pool.ids) },
      { weight: 1, arbitrary: fc.uuid({ version: 4 }) },
    );
  if (format?.format === "date")
    return fc
      .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  if (format?.format === "datetime")
    return fc
      .date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true })
      .map((d) => d.toISOString());
  if (format?.format === "regex" && format.pattern) {
    // stretched or cut to the length bounds (a filter would starve on long minimums)
    return fc.stringMatching(format.pattern).map((s) => {
      let out = s;
      while (out.length < min && s.length > 0) out += s;
      return max === Infinity ? out : out.slice(0, Math.max(min, Math.min(max, out.length)));
    });
  }
  if (format) throw new Error(`fuzz: no arbitrary for string format ${format.format}`);
  // mostly short, sometimes right at the bounds
  const soft = Math.min(max, Math.max(min, 40));
  return fc.oneof(
    { weight: 6, arbitrary: text(soft).map((s) => (s.length >= min ? s : s + "党".repeat(min - s.length))) },
    { weight: 1, arbitrary: fc.constant("党".repeat(Math.min(max, Math.max(min, 1)))) },
    { weight: 1, arbitrary: fc.constant(max === Infinity ? "长".repeat(5000) : "长".repeat(max)) },
  );
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  let min = -Number.MAX_SAFE_INTEGER;
  let max = Number.MAX_SAFE_INTEGER;
  let integer = false;
  for (const c of checksOf(def)) {
    if (c.check === "number_format" && (c.format === "safeint" || c.format === "int32" || c.format === "uint32"))
      integer = true;
    if (c.check === "greater_than")
      min = Math.max(min, Number(c.value) + (c.inclusive ? 0 : integer ? 1 : Number.EPSILON));
    if (c.check === "less_than")
      max = Math.min(max, Number(c.value) - (c.inclusive ? 0 : integer ? 1 : Number.EPSILON));
  }
  if (integer)
    return fc.oneof(fc.integer({ min: Math.max(min, -1e9), max: Math.min(max, 1e9) }), fc.constantFrom(min, max));
  return fc.oneof(
    fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(min, max, Math.max(min, Math.min(max, 0))),
  );
}

function dateArbitrary(): fc.Arbitrary<Date> {
  const now = Date.now();
  return fc.oneof(
    fc.date({ min: new Date("1900-01-01"), max: new Date("2200-01-01"), noInvalidDate: true }),
    fc.integer({ min: -400, max: 400 }).map((days) => new Date(now + days * 86_400_000)),
  );
}

/** A value of the schema's shape. */
export function validShaped(schema: Schema, pool: IdPool): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  switch (def.type) {
    case "string":
      return stringArbitrary(def, pool);
    case "number":
      return numberArbitrary(def);
    case "boolean":
      return fc.boolean();
    case "date":
      return def.coerce
        ? fc.oneof(
            dateArbitrary(),
            dateArbitrary().map((d) => d.toISOString()),
          )
        : dateArbitrary();
    case "enum":
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case "literal":
      return fc.constantFrom(...(def.values as unknown[]));
    case "null":
      return fc.constant(null);
    case "undefined":
    case "void":
      return fc.constant(undefined);
    case "any":
    case "unknown":
      return fc.jsonValue();
    case "optional":
    case "default":
    case "prefault":
      return fc.option(validShaped(def.innerType as Schema, pool), { nil: undefined, freq: 4 });
    case "nullable":
      return fc.option(validShaped(def.innerType as Schema, pool), { nil: null, freq: 4 });
    case "readonly":
    case "nonoptional":
    case "catch":
      return validShaped(def.innerType as Schema, pool);
    case "pipe":
      return validShaped(def.in as Schema, pool);
    case "array": {
      let minLength = 0;
      let maxLength = 5;
      for (const c of checksOf(def)) {
        if (c.check === "min_length") minLength = c.minimum!;
        if (c.check === "max_length") maxLength = Math.min(c.maximum!, Math.max(minLength, 5));
        if (c.check === "length_equals") minLength = maxLength = c.length!;
      }
      return fc.array(validShaped(def.element as Schema, pool), { minLength, maxLength });
    }
    case "object": {
      const shape = def.shape as Record<string, Schema>;
      const model = Object.fromEntries(Object.entries(shape).map(([key, value]) => [key, validShaped(value, pool)]));
      const optional = new Set(["optional", "default", "prefault"]);
      const requiredKeys = Object.keys(shape).filter((key) => !optional.has(defOf(shape[key]!).type));
      return fc.record(model, { requiredKeys });
    }
    case "record":
      return fc.dictionary(
        validShaped(def.keyType as Schema, pool) as fc.Arbitrary<string>,
        validShaped(def.valueType as Schema, pool),
        { maxKeys: 4 },
      );
    case "union":
      return fc.oneof(...(def.options as Schema[]).map((option) => validShaped(option, pool)));
    case "custom":
      // z.instanceof(Uint8Array): uploaded files; random bytes and a few broken zip headers
      return fc.oneof(
        fc.uint8Array({ maxLength: 4096 }),
        fc.uint8Array({ maxLength: 2048 }).map((rest) => new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...rest])),
      );
    default:
      throw new Error(`fuzz: no arbitrary for zod type ${def.type}`);
  }
}

/** Values that must never be taken as valid input where a schema expects something else. */
const NASTY: readonly unknown[] = [
  null,
  undefined,
  "",
  " ",
  "长".repeat(100_000),
  -1,
  0,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  -Number.MAX_VALUE,
  2 ** 64,
  true,
  {},
  [],
  [[[[[]]]]],
  "\u0000",
  "\ud800",
  "2026-13-45",
  new Date(Number.NaN),
  "00000000-0000-0000-0000-000000000000",
  "not-a-uuid",
  { __proto__: { polluted: true } },
  JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
  "<img src=x onerror=alert(1)>",
  Array.from({ length: 5000 }, (_, i) => i),
];

/** Puts `replacement` at the `pick`-th place of a value's tree (objects, arrays), or drops/adds a key. */
function mutate(value: unknown, pick: number, replacement: unknown, mode: number): unknown {
  const spots: Array<{ parent: Record<string, unknown> | unknown[]; key: string | number }> = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        spots.push({ parent: node, key: i });
        walk(child);
      });
    } else if (node && typeof node === "object" && !(node instanceof Date) && !(node instanceof Uint8Array)) {
      for (const [k, child] of Object.entries(node)) {
        spots.push({ parent: node as Record<string, unknown>, key: k });
        walk(child);
      }
    }
  };
  const copy = structuredClone(value);
  walk(copy);
  if (spots.length === 0) return replacement;
  const spot = spots[pick % spots.length]!;
  if (mode === 0 && !Array.isArray(spot.parent)) delete (spot.parent as Record<string, unknown>)[spot.key as string];
  else if (mode === 1 && !Array.isArray(spot.parent))
    (spot.parent as Record<string, unknown>)["unexpectedKey"] = replacement;
  else (spot.parent as Record<string | number, unknown>)[spot.key] = replacement;
  return copy;
}

/** A valid-shaped value broken at one spot, or anything at all. */
export function malformed(schema: Schema, pool: IdPool, seeds: readonly unknown[] = []): fc.Arbitrary<unknown> {
  const base =
    seeds.length > 0 ? fc.oneof(validShaped(schema, pool), fc.constantFrom(...seeds)) : validShaped(schema, pool);
  return fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .tuple(base, fc.nat(), fc.constantFrom(...NASTY), fc.nat({ max: 5 }))
        .map(([value, pick, nasty, mode]) => mutate(value, pick, nasty, mode)),
    },
    {
      weight: 1,
      arbitrary: fc.anything({ maxDepth: 3, withDate: true, withTypedArray: true, withNullPrototype: true }),
    },
    { weight: 1, arbitrary: fc.constantFrom(...NASTY) },
  );
}

/** Valid-shaped values, the matrix's hand-written inputs (real ids), and those mutated. */
export function inputsFor(schema: Schema | undefined, pool: IdPool, seeds: readonly unknown[]): fc.Arbitrary<unknown> {
  if (!schema) return fc.oneof(fc.constant(undefined), fc.anything({ maxDepth: 2 }));
  const valid =
    seeds.length > 0
      ? fc.oneof(
          { weight: 2, arbitrary: validShaped(schema, pool) },
          { weight: 1, arbitrary: fc.constantFrom(...seeds) },
        )
      : validShaped(schema, pool);
  return fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: malformed(schema, pool, seeds) });
}

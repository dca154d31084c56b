import Ajv2020 from 'ajv/dist/2020';
import { z } from 'zod';

/** A JSON Schema fragment (draft 2020-12), as `z.toJSONSchema` writes them. */
export type JsonSchema = { [keyword: string]: unknown };

export type SafeParse<S extends z.ZodType> = (value: unknown) => z.ZodSafeParseResult<z.output<S>>;

/**
 * `schema.safeParse` with a compiled fast path for the common case, for contracts parsed once per
 * message on a hot path (a carrier scan: ~3 µs and a copy of every object in zod, ~0.5 µs and no
 * copy in ajv; an event payload in `newEvent`: ~1.9 KB of garbage per event in zod).
 *
 * ajv runs first, compiled from the schema's own JSON Schema (`z.toJSONSchema`), made strict:
 * it refuses unknown properties (zod strips them), missing properties that have a default (zod
 * fills them in), and any string format it has no pattern for. So ajv accepts only input that
 * zod would return unchanged, and then the input itself is the result. Anything ajv refuses goes
 * to zod, whose answer (stripped, defaulted, or every issue by field) is final: zod stays the
 * one definition of the contract.
 *
 * Only schemas JSON Schema describes exactly get a fast path: objects, arrays, strings, numbers,
 * booleans, enums, literals, unions, optionals, nullables and defaults. Anything else (a
 * transform, a lazy schema, ...) is parsed by zod alone. A `.refine` cannot be seen through:
 * it gets a fast path only if `refinements` says the same in JSON Schema, with a differential
 * property test (see scan-fast-path.spec.ts) that the two agree.
 */
export function withFastPath<S extends z.ZodType>(schema: S, refinements: JsonSchema[] = []): SafeParse<S> {
  const slow: SafeParse<S> = (value) => schema.safeParse(value);
  const obstacle = fastPathObstacle(schema, new Set());
  if (obstacle !== null && !(obstacle === 'refinement' && refinements.length > 0)) return slow;
  let json: JsonSchema;
  try {
    json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' }) as JsonSchema;
  } catch {
    return slow;
  }
  const strict = strictSchema(json);
  const fast = new Ajv2020({
    // zod's own patterns (in the JSON Schema) say what a date-time or uuid is; formats add nothing.
    validateFormats: false,
    // Patterns as zod runs them: without the u flag.
    unicodeRegExp: false,
    allErrors: false,
  }).compile(refinements.length > 0 ? { ...strict, allOf: refinements } : strict);
  return (value) => (fast(value) ? { success: true, data: value as z.output<S> } : slow(value));
}

/** zod types whose JSON Schema says all they check (checks aside: see fastPathObstacle). */
const FAITHFUL_TYPES = new Set([
  'object', 'array', 'string', 'number', 'int', 'boolean', 'null', 'enum', 'literal', 'union',
  'optional', 'nullable', 'default', 'unknown', 'any',
]);

/**
 * Why the schema can have no fast path: the first type outside FAITHFUL_TYPES anywhere in it,
 * else 'refinement' if it has one anywhere, else null.
 */
function fastPathObstacle(schema: z.ZodType, seen: Set<unknown>): string | null {
  if (seen.has(schema)) return null;
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string; checks?: z.core.$ZodCheck[] };
  if (!FAITHFUL_TYPES.has(def.type)) return def.type;
  let found: string | null = def.checks?.some((check) => check._zod.def.check === 'custom') ? 'refinement' : null;
  for (const [key, value] of Object.entries(def)) {
    if (key === 'checks') continue;
    const children = isZod(value) ? [value] : Array.isArray(value) ? value : isObject(value) ? Object.values(value) : [];
    for (const child of children) {
      if (!isZod(child)) continue;
      const obstacle = fastPathObstacle(child, seen);
      if (obstacle !== null && obstacle !== 'refinement') return obstacle;
      found ??= obstacle;
    }
  }
  return found;
}

/** The schema with every object closed, every defaulted property required and formats checked. */
function strictSchema(node: JsonSchema): JsonSchema {
  // A format ajv would not check (validateFormats: false) and no pattern to stand for it: let
  // zod decide every value there.
  if (typeof node.format === 'string' && node.pattern === undefined) return { not: {} };
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(node)) {
    if (keyword === 'properties' && isObject(value)) {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, isObject(sub) ? strictSchema(sub) : sub]),
      );
    } else if (Array.isArray(value)) {
      out[keyword] = value.map((item) => (isObject(item) ? strictSchema(item) : item));
    } else if (isObject(value) && keyword !== 'const' && keyword !== 'default') {
      out[keyword] = strictSchema(value);
    } else {
      out[keyword] = value;
    }
  }
  if (node.type === 'object' && isObject(node.properties)) {
    const properties = node.properties as Record<string, JsonSchema>;
    const defaulted = Object.keys(properties).filter((name) => isObject(properties[name]) && 'default' in properties[name]);
    out.additionalProperties = false;
    out.required = [...new Set([...((node.required as string[] | undefined) ?? []), ...defaulted])];
  }
  return out;
}

function isZod(value: unknown): value is z.ZodType {
  return isObject(value) && '_zod' in value;
}

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

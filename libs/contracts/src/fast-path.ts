import Ajv2020 from 'ajv/dist/2020';
import { z } from 'zod';

/** A JSON Schema fragment (draft 2020-12), as `z.toJSONSchema` writes them. */
export type JsonSchema = { [keyword: string]: unknown };

/**
 * `schema.safeParse` with a compiled fast path for the common case, for contracts parsed once per
 * message on a hot path (a carrier scan: ~3 µs and a copy of every object in zod, ~0.5 µs and no
 * copy in ajv).
 *
 * ajv runs first, compiled from the schema's own JSON Schema (`z.toJSONSchema`), made strict:
 * it refuses unknown properties (zod strips them) and missing properties that have a default
 * (zod fills them in). So ajv accepts only input that zod would return unchanged, and then the
 * input itself is the result. Anything ajv refuses goes to zod, whose answer (stripped, defaulted,
 * or every issue by field) is final. zod stays the one definition of the contract.
 *
 * JSON Schema cannot express a `.refine`: `refinements` must say the same in JSON Schema, and a
 * differential property test per schema (see scan.spec.ts) checks the two paths agree. Schemas
 * with transforms are refused at compile time (`unrepresentable: 'throw'`).
 */
export function withFastPath<S extends z.ZodType>(
  schema: S,
  refinements: JsonSchema[] = [],
): (value: unknown) => z.ZodSafeParseResult<z.output<S>> {
  const strict = strictSchema(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw' }) as JsonSchema);
  const fast = new Ajv2020({
    // zod's own patterns (in the JSON Schema) say what a date-time or uuid is; formats add nothing.
    validateFormats: false,
    // Patterns as zod runs them: without the u flag.
    unicodeRegExp: false,
    allErrors: false,
  }).compile(refinements.length > 0 ? { ...strict, allOf: refinements } : strict);
  return (value) => (fast(value) ? { success: true, data: value as z.output<S> } : schema.safeParse(value));
}

/** The schema with every object closed and every defaulted property required. */
function strictSchema(node: JsonSchema): JsonSchema {
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

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// A small JSON-schema-like checker for Flink's REST bodies: field names and JSON types, nothing more.

/** A JSON type as Flink's REST spec (rest_api_v1.snapshot) names it; `double` also admits Jackson's "NaN" / "Infinity" strings. */
export type ScalarType = 'string' | 'integer' | 'number' | 'double' | 'boolean' | 'any'

/** The shape of a JSON value. */
export type Schema =
  | ScalarType
  | { readonly kind: 'object'; readonly fields: Readonly<Record<string, Schema>>; readonly optional: readonly string[] }
  | { readonly kind: 'map'; readonly values: Schema }
  | { readonly kind: 'array'; readonly items: Schema }
  | { readonly kind: 'nullable'; readonly schema: Schema }
  | { readonly kind: 'enum'; readonly values: readonly (string | number)[] }
  | { readonly kind: 'oneOf'; readonly schemas: readonly Schema[] }

/** An object with exactly these fields; names after `optional` may be absent. */
export function object(fields: Record<string, Schema>, optional: readonly string[] = []): Schema {
  return { kind: 'object', fields, optional }
}
/** An object with any keys and values of one shape (Java Map). */
export function map(values: Schema): Schema {
  return { kind: 'map', values }
}
export function array(items: Schema): Schema {
  return { kind: 'array', items }
}
export function nullable(schema: Schema): Schema {
  return { kind: 'nullable', schema }
}
export function oneOf(...values: (string | number)[]): Schema {
  return { kind: 'enum', values }
}
export function anyOf(...schemas: Schema[]): Schema {
  return { kind: 'oneOf', schemas }
}

/** How strict a check is: a Sluice response must match exactly; an old Flink recording may lack or add fields. */
export interface CheckMode {
  /** Report fields the schema requires but the value lacks. */
  readonly isMissingAnError: boolean
  /** Report fields the value has but the schema does not know (a name Flink does not use). */
  readonly isUnknownAnError: boolean
  /** Field names older Flink versions wrote that newer ones dropped; never reported as unknown. */
  readonly legacyFields?: readonly string[]
}

export const STRICT: CheckMode = { isMissingAnError: true, isUnknownAnError: true }

/** Every difference between `value` and `schema`, as `path: problem` lines; empty when it conforms. */
export function checkSchema(value: unknown, schema: Schema, path = '$', mode: CheckMode = STRICT): string[] {
  if (typeof schema === 'string') return checkScalar(value, schema, path)
  switch (schema.kind) {
    case 'nullable':
      return value === null ? [] : checkSchema(value, schema.schema, path, mode)
    case 'enum':
      return schema.values.includes(value as string | number) ? [] : [`${path}: ${JSON.stringify(value)} is not one of ${schema.values.join(', ')}`]
    case 'oneOf': {
      const results = schema.schemas.map((s) => checkSchema(value, s, path, mode))
      return results.some((r) => r.length === 0) ? [] : [`${path}: matches none of ${schema.schemas.length} shapes (${results.map((r) => r[0]).join(' | ')})`]
    }
    case 'array':
      if (!Array.isArray(value)) return [`${path}: expected an array, got ${describe(value)}`]
      return value.flatMap((item, i) => checkSchema(item, schema.items, `${path}[${i}]`, mode))
    case 'map':
      if (!isObject(value)) return [`${path}: expected an object, got ${describe(value)}`]
      return Object.entries(value).flatMap(([key, v]) => checkSchema(v, schema.values, `${path}.${key}`, mode))
    case 'object': {
      if (!isObject(value)) return [`${path}: expected an object, got ${describe(value)}`]
      const problems: string[] = []
      for (const [name, fieldSchema] of Object.entries(schema.fields)) {
        if (!(name in value)) {
          if (mode.isMissingAnError && !schema.optional.includes(name)) problems.push(`${path}.${name}: missing`)
          continue
        }
        problems.push(...checkSchema(value[name], fieldSchema, `${path}.${name}`, mode))
      }
      if (mode.isUnknownAnError) {
        for (const name of Object.keys(value)) {
          if (!(name in schema.fields) && !(mode.legacyFields ?? []).includes(name)) problems.push(`${path}.${name}: not a field Flink has`)
        }
      }
      return problems
    }
  }
}

function checkScalar(value: unknown, type: ScalarType, path: string): string[] {
  const ok = type === 'any' ? value !== undefined
    : type === 'string' ? typeof value === 'string'
      : type === 'boolean' ? typeof value === 'boolean'
        : type === 'integer' ? typeof value === 'number' && Number.isInteger(value)
          : type === 'number' ? typeof value === 'number'
            : typeof value === 'number' || value === 'NaN' || value === 'Infinity' || value === '-Infinity'
  return ok ? [] : [`${path}: expected ${type}, got ${describe(value)}`]
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `${typeof value} ${JSON.stringify(value)?.slice(0, 60)}`
}

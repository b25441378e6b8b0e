// One Ajv instance per consumer, loaded with every schema document under schemas/ (embedded in
// src/generated/schemas.ts). Validators are compiled once and looked up by schema id.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { schemaDocuments, type SchemaId } from '../generated/schemas.js'
import type { SchemaTypes } from '../generated/types.js'

/** Annotation keywords used in schemas/ that carry limits the vendor handles without an error. */
export const ANNOTATION_KEYWORDS = ['x-served-max-items'] as const

export interface RegistryOptions {
  /** Report every violation instead of stopping at the first (contract checks, fixture files). Default false. */
  allErrors?: boolean
}

/** A violation of a schema, with the JSON pointer of the offending value. */
export interface Diagnostic {
  pointer: string
  keyword: string
  message: string
  /** The offending value (present for the request validators, which run verbose). */
  value?: unknown
  params: Record<string, unknown>
}

export type Validator<T> = ValidateFunction<T>

export class SchemaRegistry {
  readonly ajv: Ajv
  readonly #validators = new Map<string, ValidateFunction>()

  constructor (options: RegistryOptions = {}) {
    this.ajv = new Ajv({
      allErrors: options.allErrors ?? false,
      verbose: true,
      strict: true,
      // "required" inside anyOf branches ("at least one of these fields") names properties declared beside them.
      strictRequired: false,
      allowUnionTypes: true,
      // Never change the data being validated: the mock must see what the client sent.
      coerceTypes: false,
      useDefaults: false,
      removeAdditional: false
    })
    for (const keyword of ANNOTATION_KEYWORDS) this.ajv.addKeyword({ keyword, schemaType: 'number' })
    for (const doc of Object.values(schemaDocuments)) this.ajv.addSchema(doc as object)
  }

  /** The compiled validator for a schema, or for a definition inside it (`id#/definitions/X`). */
  validator<K extends SchemaId> (id: K): ValidateFunction<SchemaTypes[K]>
  validator<T = unknown> (ref: string): ValidateFunction<T>
  validator (ref: string): ValidateFunction {
    let fn = this.#validators.get(ref)
    if (fn === undefined) {
      fn = this.ajv.getSchema(ref)
      if (fn === undefined) throw new Error(`unknown schema ${ref}`)
      this.#validators.set(ref, fn)
    }
    return fn
  }

  /** Validates and returns every violation found (empty when valid). */
  check (ref: string, data: unknown): Diagnostic[] {
    const fn = this.validator(ref)
    return fn(data) ? [] : toDiagnostics(fn.errors ?? [])
  }
}

export function toDiagnostics (errors: readonly ErrorObject[]): Diagnostic[] {
  return errors
    // `if` failures only say that a `then` branch applied; the `then` error itself is reported too.
    .filter((e) => e.keyword !== 'if')
    .map((e) => ({
      pointer: e.instancePath,
      keyword: e.keyword,
      message: e.message ?? e.keyword,
      value: e.data,
      params: e.params as Record<string, unknown>
    }))
}

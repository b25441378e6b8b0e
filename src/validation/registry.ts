// Validators of every schema under schemas/, compiled at build time (src/generated/validators.ts), looked up
// by reference: a schema's file name, or file name + "#/definitions/Name".
import type { ErrorObject, ValidateFunction } from 'ajv'
import type { SchemaId } from '../generated/schemas.js'
import type { SchemaTypes } from '../generated/types.js'
import { validatorsByRef } from '../generated/validators.js'

export type SchemaRef = SchemaId | `${SchemaId}#/definitions/${string}`

/** A violation of a schema, with the JSON pointer of the offending value. */
export interface Diagnostic {
  pointer: string
  keyword: string
  message: string
  /** The offending value. */
  value?: unknown
  params: Record<string, unknown>
  /** For a `pattern` violation: what the pattern asks for, in words (the schema's x-pattern-description), when given. */
  expected?: string
}

const byRef = validatorsByRef as unknown as Record<string, ValidateFunction>

/** The validator of a schema, or of a definition inside one. Every error is collected (allErrors). */
export function validatorFor<K extends SchemaId> (ref: K): ValidateFunction<SchemaTypes[K]>
export function validatorFor<T = unknown> (ref: SchemaRef): ValidateFunction<T>
export function validatorFor (ref: string): ValidateFunction {
  const fn = byRef[ref]
  if (fn === undefined) throw new Error(`unknown schema ${ref}`)
  return fn
}

/** Validates and returns every violation found (empty when valid). */
export function checkSchema (ref: SchemaRef, data: unknown): Diagnostic[] {
  const fn = validatorFor(ref)
  return fn(data) ? [] : toDiagnostics(fn.errors ?? [])
}

export function toDiagnostics (errors: readonly ErrorObject[]): Diagnostic[] {
  return errors
    // `if` failures only say that a `then` branch applied; the `then` error itself is reported too.
    .filter((e) => e.keyword !== 'if')
    .map((e) => {
      const d: Diagnostic = {
        pointer: e.instancePath,
        keyword: e.keyword,
        message: e.message ?? e.keyword,
        value: e.data,
        params: e.params as Record<string, unknown>
      }
      const expected: unknown = e.keyword === 'pattern' ? (e.parentSchema as Record<string, unknown> | undefined)?.['x-pattern-description'] : undefined
      if (typeof expected === 'string') d.expected = expected
      return d
    })
}

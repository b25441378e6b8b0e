// Request bodies are validated against schemas/ with the project's own Ajv (no type coercion, no
// defaults: the mock sees exactly what the client sent). Violations become the vendor's
// "Invalid Field Value", worded per route.
import type { FastifyInstance, FastifySchemaValidationError } from 'fastify'
import fp from 'fastify-plugin'
import type { Diagnostic } from '../../validation/registry.js'
import { SchemaRegistry, toDiagnostics } from '../../validation/registry.js'
import { VendorError } from '../errors.js'

let shared: SchemaRegistry | undefined
/** Schemas never change at run time, so every server in the process shares one compiled set. */
function registry (): SchemaRegistry {
  shared ??= new SchemaRegistry()
  return shared
}

export const requestValidation = fp(async function requestValidation (fastify: FastifyInstance) {
  fastify.setValidatorCompiler(({ schema }) => {
    const id = (schema as { $id?: unknown }).$id
    if (typeof id !== 'string') throw new Error('route schemas must be documents from schemas/ (with an $id)')
    return registry().validator(id)
  })
}, { name: 'request-validation', fastify: '5.x' })

/** A route's schemaErrorFormatter: the first violation, in the given wording. */
export function vendorValidationError (describe: (d: Diagnostic) => string) {
  return (errors: FastifySchemaValidationError[]): VendorError => {
    const first = toDiagnostics(errors as Parameters<typeof toDiagnostics>[0])[0]
    return new VendorError('INVALID_FIELD_VALUE', first === undefined ? 'body - Invalid value.' : describe(first))
  }
}

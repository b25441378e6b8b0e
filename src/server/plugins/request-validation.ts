// Request bodies are validated against schemas/ with the project's own Ajv (no type coercion, no
// defaults: the mock sees exactly what the client sent). Violations become the vendor's
// "Invalid Field Value", worded per route.
import type { FastifyInstance, FastifySchemaValidationError } from 'fastify'
import fp from 'fastify-plugin'
import type { Diagnostic } from '../../validation/registry.js'
import { toDiagnostics, validatorFor, type SchemaRef } from '../../validation/registry.js'
import { VendorError, type ErrorName } from '../errors.js'

export const requestValidation = fp(async function requestValidation (fastify: FastifyInstance) {
  fastify.setValidatorCompiler(({ schema }) => {
    // A route schema is a document of schemas/ (its $id) or a reference into one ({ $ref }).
    const { $id, $ref } = schema as { $id?: unknown, $ref?: unknown }
    const ref = typeof $id === 'string' ? $id : $ref
    if (typeof ref !== 'string') throw new Error('route schemas must be documents from schemas/ or { $ref } into one')
    return validatorFor(ref as SchemaRef)
  })
}, { name: 'request-validation', fastify: '5.x' })

/** A route's schemaErrorFormatter: the first violation, in the given wording, as the given error. */
export function vendorValidationError (describe: (d: Diagnostic) => string, error: ErrorName = 'INVALID_FIELD_VALUE') {
  return (errors: FastifySchemaValidationError[]): VendorError => {
    const first = toDiagnostics(errors as Parameters<typeof toDiagnostics>[0])[0]
    return new VendorError(error, first === undefined ? 'body - Invalid value.' : describe(first))
  }
}

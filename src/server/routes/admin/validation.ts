// Admin bodies are validated against schemas/admin.schema.json; a violation is 400 in the envelope.
import { requireBody } from '../../plugins/json-body.js'
import { vendorValidationError } from '../../plugins/request-validation.js'
import { describeFetchViolation } from '../../vendor-wording.js'

export function adminBody (definition: string) {
  return {
    schema: { body: { $ref: `admin.schema.json#/definitions/${definition}` } },
    preValidation: requireBody,
    schemaErrorFormatter: vendorValidationError(describeFetchViolation, 'ADMIN_INVALID')
  }
}

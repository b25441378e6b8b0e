// Asserts a body against a schema (or a definition inside one) and lists every violation.
import { checkSchema, type SchemaRef } from '../../src/validation/registry.js'
import { schemaDocuments, type SchemaId } from '../../src/generated/schemas.js'

export function violations (ref: SchemaRef, body: unknown): string[] {
  // A document made only of definitions (admin.schema.json, common.schema.json) accepts anything: a test
  // must name the definition it means.
  if (!ref.includes('#') && schemaDocuments[ref as SchemaId].type === undefined) throw new Error(`${ref} has no root shape: name a definition`)
  return checkSchema(ref, body).map((d) => `${d.pointer || '(root)'} ${d.message}`)
}

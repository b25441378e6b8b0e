// Asserts a body against a schema and prints every violation when it does not conform.
import { SchemaRegistry } from '../../src/validation/registry.js'
import type { SchemaId } from '../../src/generated/schemas.js'

const registry = new SchemaRegistry({ allErrors: true })

export function violations (id: SchemaId, body: unknown): string[] {
  return registry.check(id, body).map((d) => `${d.pointer || '(root)'} ${d.message}`)
}

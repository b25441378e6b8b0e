// Asserts a body against a schema (or a definition inside one) and lists every violation.
import { checkSchema, type SchemaRef } from '../../src/validation/registry.js'
import { schemaDocuments, type SchemaId } from '../../src/generated/schemas.js'

export function violations (ref: SchemaRef, body: unknown): string[] {
  // A document made only of definitions (admin.schema.json, common.schema.json) accepts anything: a test
  // must name the definition it means.
  if (!ref.includes('#') && schemaDocuments[ref as SchemaId].type === undefined) throw new Error(`${ref} has no root shape: name a definition`)
  return checkSchema(ref, body).map((d) => `${d.pointer || '(root)'} ${d.message}`)
}

/** Every subschema with a `pattern` that a document valid against `id` can meet, following $refs into other files. */
export function patternsReachableFrom (id: SchemaId): Array<{ at: string, schema: Readonly<Record<string, unknown>> }> {
  const found: Array<{ at: string, schema: Readonly<Record<string, unknown>> }> = []
  const visited = new Set<string>()
  const visit = (file: SchemaId, path: string): void => {
    if (visited.has(`${file}#${path}`)) return
    visited.add(`${file}#${path}`)
    const walk = (node: unknown, at: string): void => {
      if (Array.isArray(node)) { node.forEach((x, i) => walk(x, `${at}/${i}`)); return }
      if (node === null || typeof node !== 'object') return
      const o = node as Record<string, unknown>
      if (typeof o.pattern === 'string') found.push({ at: `${file}#${at}`, schema: o })
      if (typeof o.$ref === 'string') {
        const [target = '', fragment = ''] = o.$ref.split('#')
        visit((target === '' ? file : target) as SchemaId, fragment)
      }
      // Definitions are walked when a $ref reaches them, not because they sit in the file.
      for (const [k, v] of Object.entries(o)) if (k !== 'definitions') walk(v, `${at}/${k}`)
    }
    const start = path.split('/').slice(1).reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], schemaDocuments[file])
    walk(start, path)
  }
  visit(id, '')
  return found
}

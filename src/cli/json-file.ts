// Reading a JSON file the CLI was given, validated against one of the schemas, with pointers on failure.
import { readFile } from 'node:fs/promises'
import type { SchemaId } from '../generated/schemas.js'
import type { SchemaTypes } from '../generated/types.js'
import { parseFixtureText } from '../fixtures/parse.js'
import { FixtureError } from '../fixtures/problems.js'
import { checkSchema } from '../validation/registry.js'

export async function readJsonFile<K extends SchemaId> (file: string, schema: K): Promise<SchemaTypes[K]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    throw new FixtureError([{ file, pointer: '', message: `cannot read the file: ${(err as Error).message}` }])
  }
  const doc = parseFixtureText(text, file)
  const problems = checkSchema(schema, doc)
  if (problems.length > 0) throw new FixtureError(problems.map((p) => ({ file, pointer: p.pointer, message: p.message })))
  return doc as SchemaTypes[K]
}

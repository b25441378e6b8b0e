// Reading a JSON file the CLI was given, validated against one of the schemas, with pointers on failure.
import type { SchemaId } from '../generated/schemas.js'
import type { SchemaTypes } from '../generated/types.js'
import { parseFixtureText } from '../fixtures/parse.js'
import { FixtureError, withinStack } from '../fixtures/problems.js'
import { readCappedText } from '../fixtures/read.js'
import { checkSchema } from '../validation/registry.js'

/** `what` names the kind of file in the refusal ("profile", "recording"). */
export async function readJsonFile<K extends SchemaId> (file: string, schema: K, what = 'file'): Promise<SchemaTypes[K]> {
  const text = await readCappedText(file)
  const { doc, problems } = withinStack(file, () => {
    const doc = parseFixtureText(text, file)
    return { doc, problems: checkSchema(schema, doc) }
  })
  if (problems.length > 0) throw new FixtureError(problems.map((p) => ({ file, pointer: p.pointer, message: p.message })), what)
  return doc as SchemaTypes[K]
}

// Reading a recording the CLI was given: schema-checked, then the checks a schema cannot make.
import { FixtureError } from '../fixtures/problems.js'
import type { Recording } from '../generated/types.js'
import { checkRecording } from '../record/recording.js'
import { readJsonFile } from './json-file.js'

export async function readRecordingFile (file: string): Promise<Recording> {
  const doc = await readJsonFile(file, 'recording.schema.json', 'recording')
  const problems = checkRecording(doc, file)
  if (problems.length > 0) throw new FixtureError(problems, 'recording')
  return doc
}

// The validation test files, loaded as one module, with buildServer from the same module graph: the pipeline
// test loads this once with the replay plugin replaced, so every one of those tests runs without it.
import '../fetch-validation.test.js'
import '../events.test.js'
import '../request-body.test.js'

export { buildServer } from '../../src/server/app.js'

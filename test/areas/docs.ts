// What the project publishes: README and docs/ examples, the API report, schemas, generated types, OpenAPI.
// tap runs each file in test/areas/ in one process; see test/areas.test.ts for why and how to add a file.
import '../api-report.test.mjs'
import '../areas.test.js'
import '../behaviour-docs.test.js'
import '../dependencies.test.js'
import '../errors-catalogue.test.js'
import '../examples.test.js'
import '../generated.test.js'
import '../openapi.test.js'
import '../readme-walkthrough.test.js'
import '../schemas.test.js'

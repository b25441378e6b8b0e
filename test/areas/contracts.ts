// The contract suite, its runner and the typed client.
// tap runs each file in test/areas/ in one process; see test/areas.test.ts for why and how to add a file.
import '../client.test.js'
import '../contract-variants.test.js'
import '../contracts.test.js'

// Fixture and behaviour files: loading, refusing, starters, vendor formats.
// tap runs each file in test/areas/ in one process; see test/areas.test.ts for why and how to add a file.
import '../bad-fixtures-corpus.test.js'
import '../behaviour-round-trip.test.js'
import '../behaviour.test.js'
import '../duplicate-keys.test.js'
import '../fixture-files.test.js'
import '../fixtures-refused.test.js'
import '../starter-fixtures.test.js'
import '../vendor-formats.test.js'
import '../vendor-wording.test.js'

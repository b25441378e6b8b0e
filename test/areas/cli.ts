// The command line, in process and as a user runs it.
// tap runs each file in test/areas/ in one process; see test/areas.test.ts for why and how to add a file.
import '../behaviour-cli.test.js'
import '../cli-args.test.js'
import '../cli-docs.test.js'
import '../cli.test.js'
import '../contract-cli.test.js'
import '../record-cli.test.js'
import '../serve-options.test.js'
import '../shutdown.test.js'
import '../start-mock-server.test.js'

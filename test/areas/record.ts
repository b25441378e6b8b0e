// Record and replay.
// tap runs each file in test/areas/ in one process; see test/areas.test.ts for why and how to add a file.
import '../file-writer.test.js'
import '../record-replay.test.js'
import '../recording-proxy.test.js'
import '../replay-store.test.js'

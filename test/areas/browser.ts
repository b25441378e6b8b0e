// The debugging page in a real browser (Chromium through playwright-core).
// tap runs each file in test/areas/ in one process; see test/areas.test.ts for why and how to add a file.
import '../ui.e2e.test.js'

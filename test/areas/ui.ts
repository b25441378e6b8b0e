// The debugging page's HTML and routes, and the request inspector.
// tap runs each file in test/areas/ in one process; see test/areas.test.ts for why and how to add a file.
import '../request-inspector.test.js'
import '../ui-render.test.js'
import '../ui-route.test.js'

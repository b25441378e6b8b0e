// The targeting core: conditions, bucketing, decisions, explain.
// tap runs each file in test/areas/ in one process; see test/areas.test.ts for why and how to add a file.
import '../assignments.test.js'
import '../bucketing-vectors.test.js'
import '../bucketing.test.js'
import '../conditions.test.js'
import '../explain.test.js'
import '../fuzz.test.mjs'
import '../properties.test.js'
import '../targeting-rules.test.js'
import '../time-zones.test.js'
import '../visit.test.js'

// The ceiling: a bare Fastify app (logger off) answering a small JSON, started and measured exactly like
// the mock (same banner line, same routes' methods and paths).
import Fastify from 'fastify'

const app = Fastify({ logger: false })
app.post('/v1/experiences/fetch', async () => ({ experiences: {} }))
app.get('/v1/experiences/metadata', async () => ({ metadata: { count: 0, experiences: [] } }))
await app.listen({ host: '127.0.0.1', port: 0 })
console.log(`listening on http://127.0.0.1:${app.server.address().port}/v1`)
process.once('SIGTERM', () => { app.close().then(() => process.exit(0)) })

// Binds a built server to a port and reports the address it got (port 0: any free port).
import type { FastifyInstance } from 'fastify'
import type { AddressInfo } from 'node:net'

export interface ListenOptions {
  host: string
  port: number
}

/** Listens and returns the base URL of the API, e.g. http://127.0.0.1:4010/v1. */
export async function listen (app: FastifyInstance, opts: ListenOptions): Promise<string> {
  await app.listen({ host: opts.host, port: opts.port })
  const address = app.server.address() as AddressInfo
  return `http://${formatHost(address.address)}:${address.port}/v1`
}

function formatHost (host: string): string {
  return host.includes(':') ? `[${host}]` : host
}

// The API a recording proxy forwards to. No imports: the CLI checks --upstream without loading the server.

/** The upstream's root, without /v1: the proxy forwards the path it receives (which starts with /v1). */
export function upstreamRoot (upstream: string): string {
  let url: URL
  try {
    url = new URL(upstream)
  } catch {
    throw new TypeError(`the upstream must be an http(s) URL, got "${upstream}"`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`the upstream must be an http(s) URL, got "${upstream}"`)
  if (url.search !== '' || url.hash !== '') throw new TypeError('the upstream URL cannot carry a query or a fragment')
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '')}`
}

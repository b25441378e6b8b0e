// What the CLI prints once it listens: the address, the debugging page, the credentials and a curl that works as pasted.
import { curlCommand } from '../client/curl.js'
import type { CompiledFixtures } from '../fixtures/model.js'

export interface BannerOptions {
  /** Lines to add after the fixtures line. */
  notes?: readonly string[]
  /** The mock was started with --admin-token: the page opens with it in its address (never printed). */
  adminToken?: boolean
}

/** `baseUrl`: the API's root (…/v1); `fixturesLabel`: how to name the fixtures (the file given, or the embedded demo). */
export function startBanner (baseUrl: string, fixtures: CompiledFixtures, fixturesLabel: string, options: BannerOptions = {}): string {
  const page = `${baseUrl.replace(/\/v1$/, '')}/__ui${options.adminToken === true ? '?token=<your admin token>' : ''}`
  const lines = [`listening on ${baseUrl}`, `debugging page: ${page}`, `fixtures: ${fixturesLabel}`, ...options.notes ?? []]
  for (const ws of fixtures.workspaces.values()) {
    lines.push(`workspace ${ws.id}  personalize api key ${ws.apiKey}  (${ws.experiences.length} experiences)`)
  }
  const [ws] = fixtures.workspaces.values()
  const exp = ws?.experiences.find((e) => e.status === 'Active')
  if (ws !== undefined && exp !== undefined) {
    const body = { identifiers: { customer_id: ws.live.users.all[0]?.customer_id ?? 'visitor-1' }, experience_key: [exp.key] }
    lines.push('try:', `  ${curlCommand({ url: `${baseUrl}/experiences/fetch`, workspace: { id: ws.id, key: ws.apiKey }, body }, '  ')}`)
  }
  return lines.join('\n')
}

// What the CLI prints once it listens: the address, the credentials and a curl that works as pasted.
import { curlCommand } from '../client/curl.js'
import type { CompiledFixtures } from '../fixtures/model.js'

/** `fixturesLabel`: how to name the fixtures (the file given, or the embedded demo); `notes`: lines to add after it. */
export function startBanner (baseUrl: string, fixtures: CompiledFixtures, fixturesLabel: string, notes: readonly string[] = []): string {
  const lines = [`listening on ${baseUrl}`, `fixtures: ${fixturesLabel}`, ...notes]
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

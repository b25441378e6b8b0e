// What the CLI prints once it listens: the address, the credentials and a curl that works as pasted.
import type { CompiledFixtures } from '../fixtures/model.js'

/** `fixturesLabel`: how to name the fixtures (the file given, or the embedded demo). */
export function startBanner (baseUrl: string, fixtures: CompiledFixtures, fixturesLabel: string): string {
  const lines = [`listening on ${baseUrl}`, `fixtures: ${fixturesLabel}`]
  for (const ws of fixtures.workspaces.values()) {
    lines.push(`workspace ${ws.id}  personalize api key ${ws.apiKey}  (${ws.experiences.length} experiences)`)
  }
  const [ws] = fixtures.workspaces.values()
  const exp = ws?.experiences.find((e) => e.status === 'Active')
  if (ws !== undefined && exp !== undefined) {
    const [user] = ws.usersByCustomerId.keys()
    const body = JSON.stringify({ identifiers: { customer_id: user ?? 'visitor-1' }, experience_key: [exp.key] })
    lines.push(
      'try:',
      `  curl -s ${baseUrl}/experiences/fetch \\`,
      `    -u ${shellQuote(`${ws.id}:${ws.apiKey}`)} \\`,
      `    -H ${shellQuote(`MOE-APPKEY: ${ws.id}`)} \\`,
      "    -H 'Content-Type: application/json' \\",
      `    -d ${shellQuote(body)}`
    )
  }
  return lines.join('\n')
}

/** Single-quotes a word for POSIX shells. */
export function shellQuote (word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`
}

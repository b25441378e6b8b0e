// Journals as the admin API shows them never hold a workspace API key.
import type { MockState } from '../../state.js'

/**
 * Hides every workspace API key served since start in journal text (a client may send one in a body or a query; a
 * request recorded before a reload may carry a key the current set no longer has).
 */
export function maskApiKeys (state: MockState): (text: string) => string {
  const secrets = [...state.fixtures.keysSeen].filter((k) => k.length >= 4).sort((a, b) => b.length - a.length)
  return (text) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text)
}

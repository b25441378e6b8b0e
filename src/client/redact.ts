// Credentials never leave in a message: the API key (raw, or inside Basic credentials) and the workspace id
// are masked wherever a server's answer or an error could carry them.
import { basicAuthorization } from './transport.js'

export type Redact = (text: string) => string

export function redactor (workspaceId: string, apiKey: string): Redact {
  const basic = basicAuthorization(workspaceId, apiKey).slice('Basic '.length)
  // Any Basic credentials for this workspace (the contract suite sends wrong keys on purpose) start with the
  // same base64 characters: the whole 3-byte groups of "<workspace id>:".
  const user = Buffer.from(`${workspaceId}:`, 'utf8')
  const userPrefix = user.subarray(0, user.length - (user.length % 3)).toString('base64')
  // Longest first, so a secret containing another is masked whole; very short values would mask noise.
  const secrets = [basic, apiKey, workspaceId, userPrefix].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length)
  return (text) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text)
}

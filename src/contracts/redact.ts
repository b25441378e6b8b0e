// Credentials never leave in a report: any trace of the API key (raw, or inside a Basic header) is masked.
import { basicAuthorization } from '../client/transport.js'

export function redactor (workspaceId: string, apiKey: string): (text: string) => string {
  const secrets = [basicAuthorization(workspaceId, apiKey).slice('Basic '.length), apiKey].filter((s) => s.length >= 4)
  return (text) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text)
}

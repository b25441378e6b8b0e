// The curl command for a Personalize call: what the start banner prints and the debugging page copies.

/** Single-quotes a word for POSIX shells. */
export function shellQuote (word: string): string {
  return `'${word.replace(/'/g, '\'\\\'\'')}'`
}

export interface CurlRequest {
  /** Full URL, e.g. http://127.0.0.1:4010/v1/experiences/fetch */
  url: string
  workspace: { id: string, key: string }
  /** The JSON body; undefined for a GET. */
  body?: unknown
}

/** One option per line, continued with backslashes; continuation lines get `indent` plus two spaces. */
export function curlCommand (r: CurlRequest, indent = ''): string {
  const lines = [
    `curl -s ${r.url}`,
    `-u ${shellQuote(`${r.workspace.id}:${r.workspace.key}`)}`,
    `-H ${shellQuote(`MOE-APPKEY: ${r.workspace.id}`)}`,
    ...(r.body === undefined ? [] : ["-H 'Content-Type: application/json'", `-d ${shellQuote(JSON.stringify(r.body))}`])
  ]
  return lines.join(` \\\n${indent}  `)
}

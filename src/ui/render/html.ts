// HTML built as text with every interpolated value escaped: fixture names, payloads, customer ids and event
// attributes come from outside, and none of them may become markup. Markup is only what a template writes
// literally, or another Html value.

export class Html {
  constructor (readonly text: string) {}
  toString (): string {
    return this.text
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeHtml (value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c)
}

/** A value as it appears in a page: Html as is, arrays joined, null/undefined/false as nothing, the rest escaped. */
function piece (value: unknown): string {
  if (value instanceof Html) return value.text
  if (Array.isArray(value)) return value.map(piece).join('')
  if (value === undefined || value === null || value === false) return ''
  return escapeHtml(String(value))
}

/** html`<b>${name}</b>`: the literal parts are markup, every value is escaped (attributes included). */
export function html (strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? ''
  values.forEach((v, i) => { out += piece(v) + (strings[i + 1] ?? '') })
  return new Html(out)
}

/** Class names, keeping those whose condition holds: classes('bar', { ok: passed }) */
export function classes (...names: Array<string | Record<string, boolean>>): string {
  return names.flatMap((n) => typeof n === 'string' ? [n] : Object.keys(n).filter((k) => n[k] === true)).join(' ')
}

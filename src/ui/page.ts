// The debugging page as one document: the page, its style and its script (bundled by scripts/build-ui.mjs into
// dist/ui/) inlined, so that opening /__ui is a single request under the admin access rule, and a Content
// Security Policy that lets only that script run and the page talk only to its own origin.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'

export interface UiPage {
  html: string
  /** The Content-Security-Policy header the page must be sent with. */
  csp: string
}

/** dist/ui/ from both src/ui/page.ts and dist/ui/page.js. */
const BUILT = new URL('../../dist/ui/', import.meta.url)

let built: Promise<UiPage> | undefined

/** The page, read once; rejects when the page was not built (`npm run build`). */
export function uiPage (): Promise<UiPage> {
  built ??= assemble().catch((err: unknown) => {
    built = undefined
    throw err
  })
  return built
}

async function assemble (): Promise<UiPage> {
  const [template, style, script] = await Promise.all(['index.html', 'style.css', 'app.js'].map((f) => readFile(new URL(f, BUILT), 'utf8')))
  // Text that would end the element early cannot appear inside it ("<\/" means the same in JavaScript).
  const js = (script ?? '').replace(/<\/(script)/gi, '<\\/$1')
  const css = (style ?? '').replace(/<\/(style)/gi, '<\\/$1')
  const scriptHash = createHash('sha256').update(js).digest('base64')
  return {
    html: (template ?? '').replace('<!--STYLE-->', () => `<style>${css}</style>`).replace('<!--SCRIPT-->', () => `<script>${js}</script>`),
    csp: [
      "default-src 'none'",
      `script-src 'sha256-${scriptHash}'`,
      // Split bars and bucket markers are sized with style attributes; styles cannot run code.
      "style-src 'unsafe-inline'",
      "connect-src 'self'",
      "img-src 'self' data:",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'"
    ].join('; ')
  }
}

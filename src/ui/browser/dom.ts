// Small DOM helpers shared by the page's modules.
import type { Html } from '../render/html.js'

export function $<T extends HTMLElement = HTMLElement> (id: string): T {
  const el = document.getElementById(id)
  if (el === null) throw new Error(`#${id} is missing from the page`)
  return el as T
}

const shown = new WeakMap<Element, string>()

/** Sets an element's markup, and leaves the element alone when it already shows exactly that. */
export function show (target: string | HTMLElement, content: Html): void {
  const el = typeof target === 'string' ? $(target) : target
  if (shown.get(el) === content.text) return
  el.innerHTML = content.text
  shown.set(el, content.text)
}

/** Sets an element's text only when it differs (no mutation for a poll that changed nothing). */
export function setText (target: string | HTMLElement, text: string): void {
  const el = typeof target === 'string' ? $(target) : target
  if (el.textContent !== text) el.textContent = text
}

/** Shows an error from an action; it stays until the next action that works or the close button. */
export function fail (err: unknown): void {
  const box = $('error')
  $('error-text').textContent = reasonOf(err)
  box.hidden = false
}

export function reasonOf (err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

/** `handler` on `event` of #id; what it throws is shown as an error. */
export function on (id: string, event: string, handler: (e: Event) => Promise<void> | void): void {
  $(id).addEventListener(event, (e) => { Promise.resolve(handler(e)).catch(fail) })
}

// Lists updated in place: each row is keyed, and only rows that are new, changed or gone touch the DOM, so a
// poll that brings nothing new changes nothing (no flicker, selection and focus stay where they are).
import type { Html } from '../render/html.js'

/** Elements parsed from markup (a <template> parses table rows too). */
function parse (markup: string): Element | null {
  const template = document.createElement('template')
  template.innerHTML = markup.trim()
  return template.content.firstElementChild
}

export class KeyedList<T> {
  readonly #rows = new Map<string, { el: Element, markup: string }>()

  constructor (
    private readonly container: Element,
    private readonly key: (item: T) => string,
    private readonly render: (item: T) => Html,
    /** Called on every row made (new or redrawn): for state the markup does not carry (selection). */
    private readonly decorate: (el: Element, key: string) => void = () => {}
  ) {}

  /** The container shows `items` in this order; returns the keys of the rows that are new. */
  update (items: readonly T[]): string[] {
    const added: string[] = []
    const wanted = new Set<string>()
    let previous: Element | null = null
    for (const item of items) {
      const key = this.key(item)
      wanted.add(key)
      const markup = this.render(item).text
      let row = this.#rows.get(key)
      if (row === undefined || row.markup !== markup) {
        const el = parse(markup)
        if (el === null) continue
        this.decorate(el, key)
        if (row === undefined) added.push(key)
        else row.el.replaceWith(el)
        row = { el, markup }
        this.#rows.set(key, row)
      }
      const expected: Element | null = previous === null ? this.container.firstElementChild : previous.nextElementSibling
      if (expected !== row.el) this.container.insertBefore(row.el, expected)
      previous = row.el
    }
    for (const [key, row] of this.#rows) {
      if (!wanted.has(key)) {
        row.el.remove()
        this.#rows.delete(key)
      }
    }
    return added
  }

  get size (): number {
    return this.#rows.size
  }

  row (key: string): Element | undefined {
    return this.#rows.get(key)?.el
  }
}

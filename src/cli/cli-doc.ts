// The generated parts of docs/cli.md, from the option table: the synopsis and one option table per command, each
// between its marker comments. `npm run generate:cli` writes them; a test fails when the file is out of step.
import { COMMANDS, flagOf, type CommandName } from './options.js'
import { optionFacts, shownOptions, synopses } from './usage.js'

const cell = (s: string): string => s.replace(/\|/g, '\\|')

function synopsisBlock (): string {
  return ['```', synopses(''), '```'].join('\n')
}

function optionTable (command: CommandName): string {
  const rows = shownOptions(command).map((o) => {
    const f = optionFacts(o)
    const others = shownOptions(command).filter((r) => r !== o && r.group !== undefined && r.group === o.group).map((r) => `\`--${r.name}\``)
    const fallback = o.required === true ? `required${others.length === 0 ? '' : ` (or ${others.join(', ')})`}` : o.type === 'boolean' ? 'off' : 'none'
    const otherwise = f.env === undefined ? f.default ?? fallback : `the environment's ${f.env}`
    const meaning = [o.help, f.values, f.needs].filter((p) => p !== undefined).join('; ')
    return `| \`${cell(flagOf(o))}\` | ${cell(otherwise)} | ${cell(meaning)} |`
  })
  if (rows.length === 0) return 'No options.'
  return ['| Option | Default | Meaning |', '|---|---|---|', ...rows].join('\n')
}

/** Each generated block: its name (as in the markers) and its content. */
export function generatedBlocks (): Array<{ name: string, content: string }> {
  return [
    { name: 'usage', content: synopsisBlock() },
    ...COMMANDS.filter((c) => shownOptions(c.name).length > 0).map((c) => ({ name: `options ${c.name}`, content: optionTable(c.name) }))
  ]
}

/** `text` (docs/cli.md) with every generated block rewritten; throws when a block's markers are missing. */
export function updateCliDoc (text: string): string {
  let out = text
  for (const { name, content } of generatedBlocks()) {
    const begin = `<!-- cli:${name} -->`
    const end = `<!-- /cli:${name} -->`
    const from = out.indexOf(begin)
    const to = out.indexOf(end)
    if (from < 0 || to < from) throw new Error(`docs/cli.md has no ${begin} ... ${end} block`)
    out = `${out.slice(0, from + begin.length)}\n${content}\n${out.slice(to)}`
  }
  return out
}

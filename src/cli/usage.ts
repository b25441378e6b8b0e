// The usage text of `--help`, made from the option table; docs/cli.md's tables come from the same pieces.
import { COMMANDS, flagOf, optionsOf, type CliCommand, type CliOption, type CommandName } from './options.js'

const WIDTH = 110
const PROGRAM = 'personalize-mock'

/** The options a command's usage and docs show (not --help, said once for all). */
export function shownOptions (command: CommandName): readonly CliOption[] {
  const rows = optionsOf(command).filter((o) => o.name !== 'help')
  return [...rows.filter((o) => o.required === true), ...rows.filter((o) => o.required !== true)]
}

/** The synopsis of a command, as words that are never broken across lines: `[--fixtures FILE [--watch]]`. */
export function synopsisWords (command: CliCommand): string[] {
  const rows = shownOptions(command.name)
  const words = [command.name === 'serve' ? '[serve]' : command.name, ...(command.args === undefined ? [] : [command.args])]
  for (const o of rows) {
    if (o.needs !== undefined) continue
    if (o.group !== undefined) {
      const members = rows.filter((r) => r.group === o.group)
      if (members[0] !== o) continue
      const either = members.map(flagOf).join(' | ')
      words.push(o.required === true ? `(${either})` : `[${either}]`)
      continue
    }
    const inner = [flagOf(o), ...rows.filter((r) => r.needs?.option === o.name).map((r) => `[${flagOf(r)}]`)].join(' ')
    words.push(o.required === true ? inner : `[${inner}]`)
  }
  return words
}

export interface OptionFacts { values?: string, needs?: string, default?: string, env?: string }

/**
 * What the table says of an option beyond its help, each part in markdown (`code`): its values, what it needs,
 * its default, the environment variable it falls back on.
 */
export function optionFacts (o: CliOption): OptionFacts {
  const facts: OptionFacts = {}
  if (o.values !== undefined && o.value !== undefined) facts.values = `one of ${o.values.map((v) => `\`${v}\``).join(', ')}`
  const n = o.integer
  if (n?.max !== undefined) facts.values = `from ${n.min} to ${n.max}`
  else if (n !== undefined && n.min > 1) facts.values = `at least ${n.min}`
  if (o.needs !== undefined) facts.needs = `with \`--${o.needs.option}\` only`
  if (o.default !== undefined) facts.default = `\`${o.default}\`${o.defaultNote === undefined ? '' : ` (${o.defaultNote})`}`
  else if (o.defaultNote !== undefined) facts.default = o.defaultNote
  if (o.env !== undefined) facts.env = `\`${o.env}\``
  return facts
}

/** `help` on one line, and what the table adds. */
function helpLine (o: CliOption): string {
  const f = optionFacts(o)
  return [
    o.help,
    f.values,
    f.needs,
    o.required === true && o.group === undefined ? 'required' : undefined,
    f.env === undefined ? undefined : `default: the environment's ${f.env}`,
    f.default === undefined ? undefined : `default${o.default === undefined ? ':' : ''} ${f.default}`
  ].filter((p) => p !== undefined).join('; ')
}

const plain = (s: string): string => s.replace(/`/g, '')

/** `text` in lines of at most `width` (a longer word stands alone), the first after `first`, the next after `indent`. */
function wrap (words: readonly string[], first: string, indent: string): string {
  const lines: string[] = []
  let line = first
  let empty = true
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line)
      line = indent
      empty = true
    }
    line += empty ? word : ` ${word}`
    empty = false
  }
  lines.push(line)
  return lines.join('\n')
}

/** The synopsis of every command (or of one), wrapped, each line after `margin`. */
export function synopses (margin: string, topic?: CommandName): string {
  const lines = COMMANDS.filter((c) => topic === undefined || c.name === topic).map((c) => {
    const [name = '', ...rest] = synopsisWords(c)
    const first = `${margin}${PROGRAM} ${name} `
    return wrap(rest, first, ' '.repeat(first.length))
  })
  return [...lines, ...(topic === undefined ? [`${margin}${PROGRAM} help [COMMAND]`] : [])].join('\n')
}

function section (command: CliCommand): string {
  const rows = shownOptions(command.name)
  const column = Math.min(Math.max(0, ...rows.map((o) => flagOf(o).length)), 24) + 4
  const lines = [wrap(plain(command.summary).split(' '), `${command.name}${command.args === undefined ? '' : ` ${command.args}`}: `, '  ')]
  for (const o of rows) {
    const flag = `  ${flagOf(o)}`
    const first = flag.length + 2 > column ? `${flag}  ` : flag.padEnd(column)
    lines.push(wrap(plain(helpLine(o)).split(' '), first, ' '.repeat(column)))
  }
  for (const note of command.notes ?? []) lines.push(`  ${plain(note)}`)
  return lines.join('\n')
}

/** The usage of every command, or of one. */
export function usage (topic?: CommandName): string {
  const commands = COMMANDS.filter((c) => topic === undefined || c.name === topic)
  return [
    `Usage:\n${synopses('  ', topic)}`,
    ...commands.map(section),
    `-h, --help: this help; after a command (or as help COMMAND), that command's alone
Exit code 2: a usage error (an unknown command or option, a bad value).`
  ].join('\n\n')
}

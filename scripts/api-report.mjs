#!/usr/bin/env node
// The public API report: every name the package entry exports, with its kind and declaration, and every type of
// this package those declarations reach without exporting it by name, read from the emitted dist/index.d.ts with
// the TypeScript compiler API. test/api-report.test.mjs fails when api/public-api.md differs from a fresh report.
// Usage: node scripts/api-report.mjs          write api/public-api.md (after `npm run build`; `npm run api` does both)
//        node scripts/api-report.mjs --check  exit 1 when the committed report differs
//
// A declaration or member whose doc comment has an `@internal` tag is listed, but what it refers to is not followed:
// docs/api.md says such members are outside the semver promise.
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import path from 'node:path'
import ts from 'typescript'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const REPORT_FILE = path.join(ROOT, 'api', 'public-api.md')

const printer = ts.createPrinter({ removeComments: true, newLine: ts.NewLineKind.LineFeed })

const KINDS = new Map([
  [ts.SyntaxKind.FunctionDeclaration, 'function'],
  [ts.SyntaxKind.ClassDeclaration, 'class'],
  [ts.SyntaxKind.VariableDeclaration, 'const'],
  [ts.SyntaxKind.InterfaceDeclaration, 'interface'],
  [ts.SyntaxKind.TypeAliasDeclaration, 'type'],
  [ts.SyntaxKind.EnumDeclaration, 'enum']
])
const VALUE_KINDS = new Set(['function', 'class', 'const', 'enum'])

const isInternal = (node) => ts.getJSDocTags(node).some((tag) => tag.tagName.text === 'internal')

/** The declaration as source text, without comments, `export` or `declare`; @internal members marked. */
function declarationText (decl, sourceFile) {
  const node = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl
  const withoutModifiers = (text) => text.replace(/^export\s+/, '').replace(/^declare\s+/, '')
  if (!(ts.isInterfaceDeclaration(node) || ts.isClassDeclaration(node)) || !node.members.some(isInternal)) {
    return withoutModifiers(printer.printNode(ts.EmitHint.Unspecified, node, sourceFile))
  }
  // Printed member by member, so that the @internal ones keep a marker (the printer drops every comment).
  const header = withoutModifiers(printer.printNode(ts.EmitHint.Unspecified, node, sourceFile)).split('\n')[0]
  const members = node.members.map((m) => {
    const text = printer.printNode(ts.EmitHint.Unspecified, m, sourceFile).split('\n').map((l) => '    ' + l).join('\n')
    return isInternal(m) ? '    /** @internal */\n' + text : text
  })
  return [header, ...members, '}'].join('\n')
}

/**
 * Builds the report. `root`: the package (dist/ must be built). Returns the Markdown text.
 * Throws when dist/index.d.ts is missing.
 */
export function apiReport (root = ROOT) {
  const entry = path.join(root, 'dist', 'index.d.ts')
  if (!existsSync(entry)) throw new Error(`${path.relative(root, entry)} is missing: run npm run build`)
  const dist = path.join(root, 'dist') + path.sep
  const program = ts.createProgram([entry], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: []
  })
  const checker = program.getTypeChecker()
  const entryFile = program.getSourceFile(entry)
  const moduleSymbol = checker.getSymbolAtLocation(entryFile)
  const resolve = (s) => (s.flags & ts.SymbolFlags.Alias) !== 0 ? checker.getAliasedSymbol(s) : s
  const where = (decl) => path.relative(dist, decl.getSourceFile().fileName).replace(/\.d\.ts$/, '').split(path.sep).join('/')
  const ours = (decl) => decl.getSourceFile().fileName.startsWith(dist)

  /** symbol -> the name the entry exports it under */
  const exported = new Map()
  const entries = []
  for (const alias of checker.getExportsOfModule(moduleSymbol)) {
    const target = resolve(alias)
    const decls = (target.declarations ?? []).filter((d) => KINDS.has(d.kind))
    if (decls.length === 0) throw new Error(`cannot report ${alias.name}: no declaration`)
    const spec = alias.declarations?.find(ts.isExportSpecifier)
    const typeOnly = spec !== undefined && (spec.isTypeOnly || spec.parent.parent.isTypeOnly)
    const kind = KINDS.get(decls[0].kind)
    exported.set(target, alias.name)
    entries.push({ name: alias.name, kind, value: VALUE_KINDS.has(kind) && !typeOnly, decls, target })
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))

  // Types (and the values of `typeof x`) the public declarations refer to: followed until nothing new turns up.
  const reached = new Map() // symbol -> { name, kind, decls }
  const external = new Map() // "name from module" -> true
  const queue = entries.flatMap((e) => e.decls)
  const visit = (node) => {
    if (isInternal(node)) return
    let ref
    if (ts.isTypeReferenceNode(node)) ref = node.typeName
    else if (ts.isExpressionWithTypeArguments(node)) ref = node.expression
    else if (ts.isTypeQueryNode(node)) ref = node.exprName
    else if (ts.isImportTypeNode(node)) ref = node.qualifier
    if (ref !== undefined) {
      const id = ts.isQualifiedName(ref) ? ref.right : ts.isPropertyAccessExpression(ref) ? ref.name : ref
      const at = checker.getSymbolAtLocation(id)
      const symbol = at === undefined ? undefined : resolve(at)
      const decls = (symbol?.declarations ?? []).filter((d) => KINDS.has(d.kind))
      if (symbol !== undefined && decls.length > 0) {
        if (!ours(decls[0])) {
          const file = decls[0].getSourceFile().fileName
          const lib = program.isSourceFileDefaultLibrary(decls[0].getSourceFile())
          const pkg = lib ? undefined : /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1]
          if (pkg !== undefined) external.set(`\`${symbol.name}\` from \`${pkg.replace(/^@types\//, '')}\``, true)
        } else if (!exported.has(symbol) && !reached.has(symbol)) {
          reached.set(symbol, { name: symbol.name, kind: KINDS.get(decls[0].kind), decls })
          queue.push(...decls)
        }
      }
    }
    ts.forEachChild(node, visit)
  }
  while (queue.length > 0) {
    const decl = queue.shift()
    const node = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl
    // A const's initialiser is not part of its type; a function's body is absent in a .d.ts anyway.
    ts.forEachChild(node, visit)
  }

  const block = (decls) => '```ts\n' + decls.map((d) => declarationText(d, d.getSourceFile())).join('\n') + '\n```'
  const values = entries.filter((e) => e.value)
  const types = entries.filter((e) => !e.value)
  const reachedList = [...reached.values()].sort((a, b) => {
    const ka = `${a.name} ${where(a.decls[0])}`; const kb = `${b.name} ${where(b.decls[0])}`
    return ka < kb ? -1 : ka > kb ? 1 : 0
  })
  const lines = [
    '# Public API of moengage-personalize-mock',
    '',
    '<!-- Generated by scripts/api-report.mjs from dist/index.d.ts: run `npm run api` and commit. Do not edit. -->',
    '',
    'What `import ... from \'moengage-personalize-mock\'` gives, as TypeScript sees it. [docs/api.md](../docs/api.md)',
    'says why each name is public and what the version number promises. `test/api-report.test.mjs` fails when this',
    'file differs from the built package: a change to the public API is made on purpose, and shows in review.',
    '',
    `## Runtime values (${values.length})`,
    '',
    '| name | kind |',
    '|---|---|',
    ...values.map((e) => `| \`${e.name}\` | ${e.kind} |`),
    '',
    `## Types (${types.length})`,
    '',
    types.map((e) => `\`${e.name}\` (${e.kind})`).join(', '),
    '',
    '## Declarations',
    '',
    ...entries.flatMap((e) => {
      const typeOnly = !e.value && VALUE_KINDS.has(e.kind) ? ' (exported as a type only)' : ''
      const declaredAs = e.name === e.target.name ? '' : ` (declared as \`${e.target.name}\`)`
      return [`### \`${e.name}\` — ${e.kind}${typeOnly}${declaredAs}`, '', block(e.decls), '']
    }),
    `## Reached, not exported by name (${reachedList.length})`,
    '',
    'Types the declarations above refer to. They are part of the API as far as their shape goes, but cannot be',
    'imported by name from the package.',
    '',
    ...reachedList.flatMap((r) => [`### \`${r.name}\` — ${r.kind}, in \`dist/${where(r.decls[0])}\``, '', block(r.decls), '']),
    '## Types of other packages',
    '',
    ...[...external.keys()].sort().map((k) => `- ${k}`),
    ''
  ]
  return lines.join('\n')
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = apiReport()
  const relative = path.relative(ROOT, REPORT_FILE)
  if (process.argv.includes('--check')) {
    const committed = existsSync(REPORT_FILE) ? readFileSync(REPORT_FILE, 'utf8') : ''
    if (committed !== report) {
      console.error(`public API changed: run npm run api and commit ${relative}`)
      process.exit(1)
    }
    console.log(`${relative} is up to date`)
  } else {
    mkdirSync(path.dirname(REPORT_FILE), { recursive: true })
    writeFileSync(REPORT_FILE, report)
    console.log(`wrote ${relative}`)
  }
}

// The project's lint: neostandard (standard style, with typescript-eslint for .ts), plus a line length and
// no unused code. `npm test` runs it; `npx eslint --fix .` fixes what can be fixed mechanically.
import neostandard from 'neostandard'

export default [
  ...neostandard({
    ts: true,
    ignores: ['dist/**', 'src/generated/**', 'coverage/**', '.tap/**', 'test-output/**', 'node_modules/**']
  }),
  {
    rules: {
      '@stylistic/max-len': ['error', { code: 160, ignoreUrls: true, ignoreRegExpLiterals: true }],
      'no-void': ['error', { allowAsStatement: true }]
    }
  },
  {
    files: ['**/*.ts'],
    rules: {
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { args: 'after-used', argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }]
    }
  },
  {
    // Tests quote whole answers and sentences; a long literal is the expectation itself.
    files: ['test/**'],
    rules: {
      '@stylistic/max-len': ['error', { code: 160, ignoreUrls: true, ignoreRegExpLiterals: true, ignoreStrings: true, ignoreTemplateLiterals: true }]
    }
  }
]

// One ESLint flat config (STYLE.md): neostandard's rules for TypeScript without its style rules (the formatter owns
// layout), plus the habits of STYLE.md that a rule can check. `npm run lint` runs it with the dependency check.
import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, noStyle: true, ignores: ['node_modules/**'] }),
  {
    rules: {
      // `void promise` marks a promise deliberately left to run (its errors are handled where it is created)
      'no-void': ['error', { allowAsStatement: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      // STYLE.md habit 3: errors are SluiceError classes with a code, never a plain Error
      'no-restricted-syntax': ['error', {
        selector: "NewExpression[callee.name='Error']",
        message: 'throw a SluiceError subclass with a code (src/errors.ts), not a plain Error',
      }],
    },
  },
]

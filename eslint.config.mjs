// ESLint flat config (`npm run lint`): typescript-eslint's type-aware recommended rules on every TypeScript file of
// tsconfig.json, ESLint's recommended rules on the JavaScript files. No formatting rules: Prettier owns the layout.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

// The Node globals our JavaScript uses (the `globals` package is not a dependency; TypeScript checks the .ts files).
const node = Object.fromEntries(
  [
    'process',
    'console',
    'Buffer',
    'URL',
    'URLSearchParams',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'setImmediate',
    'structuredClone',
    'AbortController',
    'TextEncoder',
    'TextDecoder',
    'fetch',
  ].map((name) => [name, 'readonly']),
);
const commonjs = { require: 'readonly', module: 'writable', exports: 'writable', __dirname: 'readonly' };

/** The house rule on disable comments: one line at a time, each with its reason; rules are set here, not in files. */
const directives = {
  meta: {
    type: 'problem',
    docs: { description: 'eslint-disable only for a line and with a reason after " -- "; no configuration comments' },
    schema: [],
    messages: {
      blanket: 'No file- or block-wide eslint-disable: disable the one line (eslint-disable-next-line <rule> -- <reason>).',
      reason: 'Say why the rule does not apply here: eslint-disable-next-line <rule> -- <reason>.',
      config: 'Configure rules in eslint.config.mjs, with the reason next to them, not in a comment.',
    },
  },
  create(context) {
    return {
      Program() {
        for (const comment of context.sourceCode.getAllComments()) {
          const text = comment.value.trim();
          const disable = /^eslint-disable(-next-line|-line)?(?=\s|$)/.exec(text);
          if (disable && !disable[1]) context.report({ loc: comment.loc, messageId: 'blanket' });
          else if (disable && !/\s--\s+\S/.test(text)) context.report({ loc: comment.loc, messageId: 'reason' });
          else if (/^(eslint|eslint-enable|eslint-env|global|globals)(?=\s|$)/.test(text)) context.report({ loc: comment.loc, messageId: 'config' });
        }
      },
    };
  },
};

export default defineConfig(
  // Build output, downloaded editors and test artifacts; the real-editor workspace holds only YAML.
  globalIgnores(['out/', 'dist/', 'test-results/', '.vscode-test/', 'test/e2e/workspace/']),
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { house: { rules: { directives } } },
    rules: { 'house/directives': 'error' },
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // node:test's test()/describe()/it() return promises that the runner itself awaits; calling them at the top
      // level is how node:test is written. Every other promise must still be awaited, returned or voided.
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it'] }] }],
      // Passing on a reason caught as `unknown` (`catch (err) { reject(err) }`) forwards an error, it does not make one;
      // rejecting with a literal or an object of our own is still reported. only-throw-error allows the same by default.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // As tsc's noUnusedLocals: `const { omitted, ...rest } = x` names what it leaves out of `rest`.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Fakes implement the service's async interfaces (AccountResources, sleep, list) with async methods that have
      // nothing to await; `async` is the plainest way to return a promise there.
      '@typescript-eslint/require-await': 'off',
      // Expected YAML is written in the regex with its real indentation (`\n      annotations:`), as it appears in the file.
      'no-regex-spaces': 'off',
    },
  },
  {
    // Not in tsconfig.json, so without type information.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: node },
    // As for TypeScript above.
    rules: { 'no-unused-vars': ['error', { ignoreRestSiblings: true }] },
  },
  {
    // Bundled in place of npm packages that the SDK loads with require() (see scripts/build.mjs).
    files: ['client/src/account/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...node, ...commonjs } },
  },
  {
    // The functions drive.mjs passes to Playwright's page.evaluate() run in the browser page.
    files: ['test/e2e/harness/drive.mjs'],
    languageOptions: { globals: { ...node, document: 'readonly' } },
  },
);

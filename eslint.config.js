// ESLint: type-checked rules for daemons, plus the import direction of DESIGN §2 (also checked by
// test/architecture.test.ts) and the purity bans for core folders (STYLE practice 2).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const CORE = ['protocol/**/*.ts', 'nanoprobe/core/**/*.ts', 'cma/ring/**/*.ts', 'cma/dispatch/**/*.ts', 'cma/discovery/**/*.ts', 'discovery/parsers/**/*.ts'];

/** @param {string[]} patterns */
const banImports = (patterns) => ({
  'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message: 'Import direction: see DESIGN §2.' })) }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'deploy/**/target/**', 'eslint.config.js', 'ava.config.js', 'scripts/*.mjs', 'deploy/nanoprobe/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/explicit-module-boundary-types': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true, allowNullish: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  { files: ['**/cli.ts', '**/commands/**/*.ts', 'scripts/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'], rules: { 'no-console': 'off' } },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/explicit-module-boundary-types': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  { files: ['protocol/**/*.ts'], rules: banImports(['../runtime/*', '../discovery/*', '../nanoprobe/*', '../cma/*', '../simulator/*', 'node:dgram', 'node:fs', 'node:fs/*', 'pino', 'neo4j-driver', 'commander']) },
  { files: ['runtime/**/*.ts'], rules: banImports(['../protocol/*', '../discovery/*', '../nanoprobe/*', '../cma/*', '../simulator/*', 'neo4j-driver']) },
  { files: ['discovery/**/*.ts'], rules: banImports(['../runtime/*', '../../runtime/*', '../nanoprobe/*', '../../nanoprobe/*', '../cma/*', '../../cma/*', '../simulator/*', '../../simulator/*', 'neo4j-driver']) },
  { files: ['nanoprobe/**/*.ts'], rules: banImports(['**/cma/**', '**/simulator/**', 'neo4j-driver']) },
  // cma/discovery (the CMA's pure translator) is cma's own; the top-level discovery/ is not (`../discovery` from cma/*.ts).
  { files: ['cma/**/*.ts'], ignores: ['cma/store/**/*.ts'], rules: banImports(['**/nanoprobe/**', '**/simulator/**', '../../discovery/**', '../../../discovery/**', 'neo4j-driver']) },
  { files: ['cma/*.ts'], rules: banImports(['**/nanoprobe/**', '**/simulator/**', '../discovery/**', 'neo4j-driver']) },
  { files: ['cma/store/**/*.ts'], rules: banImports(['**/nanoprobe/**', '**/simulator/**', '../../discovery/**']) },
  { files: ['simulator/**/*.ts'], rules: banImports(['**/cli.ts']) },
  {
    files: CORE,
    rules: {
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'process', 'console', 'performance', 'fetch'],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Core code takes time as a parameter.' },
        { object: 'Math', property: 'random', message: 'Core code takes an Rng.' },
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date']", message: 'Core code takes time as a parameter.' }],
    },
  },
);

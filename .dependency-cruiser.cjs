/**
 * The server's layers, bottom first: an import may point down or sideways within its own layer,
 * never up (docs/live-core.md, "Layers"). `npm run lint` runs this check.
 */
const DOMAIN = ['events', 'judges', 'programme', 'scores', 'show', 'audit', 'signoffs', 'ballots'];

const LAYERS = [
  ['scoring'], // the exact engine: pure functions, no I/O
  ['contracts'], // what crosses the wire: live events, REST types, error codes, enumerations
  ['common', 'config'], // errors, validation, workers, configuration
  ['observability'], // logs, metrics, readiness: what every layer above reports to
  ['model'], // the entities and the show's state machine
  ['database', 'cluster'], // the data source, embedded PostgreSQL, the audit actor of a transaction; the Redis shared by instances
  ['state'], // the live events' state in memory, its loader and queries, the change path
  ['organizers', 'podium-file'], // who may do what; reading a .podium file
  DOMAIN, // the domain services
  ['results', 'workbench', 'commitments'], // results, reports and their documents; setup in and out as Excel; commitments followed up (with their Excel sheet)
  ['demo'], // the demo event, built through the domain services
  ['live', 'health', 'cli', 'app\\.module\\.ts', 'app\\.ts', 'main\\.ts'], // the edge
];

/** Every kind of import that is not of a file of Podium's own: packages and Node's modules. */
const PACKAGES = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown', 'core'];

const path = (names) => `^src/(${names.join('|')})(/|$)`;

module.exports = {
  forbidden: [
    ...LAYERS.slice(0, -1).map((layer, i) => ({
      name: `layer-${layer[0]}-points-down`,
      comment: `${layer.join(', ')} may not import a higher layer (${LAYERS.slice(i + 1)
        .flat()
        .join(', ')})`,
      severity: 'error',
      from: { path: path(layer) },
      to: { path: path(LAYERS.slice(i + 1).flat()) },
    })),
    {
      name: 'domain-folders-stand-alone',
      comment: 'a domain folder shares only what lies below it, not another domain folder of its layer',
      severity: 'error',
      from: { path: path(DOMAIN) },
      to: { path: path(DOMAIN), pathNot: '^src/$1/' },
    },
    {
      name: 'no-circular',
      comment: 'modules that import each other, directly or through others (TypeORM entities name each other in their relations)',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.entity\\.ts$' },
      to: { circular: true },
    },
    {
      name: 'scoring-is-pure',
      comment: 'the engine is pure arithmetic: decimal.js and pure-rand, no framework, no I/O, no Node module',
      severity: 'error',
      from: { path: path(['scoring']) },
      to: {
        dependencyTypes: PACKAGES,
        pathNot: 'node_modules/(decimal\\.js|pure-rand)/',
      },
    },
    {
      name: 'contracts-are-types-and-constants',
      comment: 'the contract is shared with the client: it imports no package and no Node module',
      severity: 'error',
      from: { path: path(['contracts']) },
      to: { dependencyTypes: PACKAGES },
    },
    {
      name: 'model-knows-only-typeorm',
      comment: 'the data model describes tables and rules: typeorm, nothing of Nest, no Node module',
      severity: 'error',
      from: { path: path(['model']) },
      to: {
        dependencyTypes: PACKAGES,
        pathNot: 'node_modules/typeorm/',
      },
    },
    {
      name: 'every-folder-has-a-layer',
      comment: 'a new folder under src/ needs a place in LAYERS (.dependency-cruiser.cjs)',
      severity: 'error',
      from: { path: '^src/', pathNot: path(LAYERS.flat()) },
      to: {},
    },
    {
      name: 'imports-only-layered-folders',
      comment: 'an import of a folder under src/ that has no place in LAYERS (.dependency-cruiser.cjs)',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: path(LAYERS.flat()) },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.spec\\.ts$' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};

/**
 * The layering of DESIGN.md §2 as rules `npm test` checks (dependency-cruiser). Never silence a
 * rule: change the design, or change the rule and say why in the change.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes two files one idea that cannot be read, tested or changed apart.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'src/domain/ holds pure rules: it imports only itself and pure libraries (semver, the commit parser, zod for parsing input), never an adapter, a workflow, node I/O or config.',
      from: { path: '^src/domain/' },
      to: {
        pathNot: ['^src/domain/', '^node_modules/(semver|conventional-commits-parser|zod|@types/semver)/'],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'domain-imports-no-adapter-types',
      severity: 'error',
      comment: 'Even types: the domain does not know the adapters exist.',
      from: { path: '^src/domain/' },
      to: { path: '^src/(workflows|slack|store|github|deploy|http|sandbox)/|^src/(main|cli|config)\\.ts$' },
    },
    {
      name: 'workflows-import-no-adapter',
      severity: 'error',
      comment: 'Use cases describe; adapters render and do I/O. Workflows reach adapters only through the ports they declare.',
      from: { path: '^src/workflows/' },
      to: { path: '^src/(slack|store|github|deploy|http|sandbox)/' },
    },
    {
      name: 'production-never-imports-the-sandbox',
      severity: 'error',
      comment: 'The emulators are for tests and `npm start` without credentials; only the CLI may load them, lazily.',
      from: { path: '^src/', pathNot: ['^src/sandbox/', '^src/cli\\.ts$'] },
      to: { path: '^src/sandbox/' },
    },
    {
      name: 'no-orphans',
      severity: 'error',
      comment: 'A file nothing imports is dead code.',
      from: { orphan: true, path: '^src/', pathNot: ['\\.d\\.ts$', '^src/cli\\.ts$', '^src/sandbox/page/static/'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // node_modules is a symlink in a git worktree: resolve modules by the link's path, not its target
    preserveSymlinks: true,
    exclude: { path: '^src/sandbox/page/static/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};

// `npm run bench`: every benchmark in bench/, one after another.
await import('./release-train.bench.js');
await import('./replicas.bench.js');
await import('./intake.bench.js');

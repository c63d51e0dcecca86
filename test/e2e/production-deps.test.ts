import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

interface Found {
  /** the packages imported at run time, with a file that imports each */
  packages: Map<string, string>;
  files: Set<string>;
  /** lazy imports of the sandbox, which a production start never takes */
  sandboxDoors: string[];
}

/**
 * Every import a production start can evaluate, from src/cli.ts: static and dynamic, minus the
 * ones TypeScript erases (`import type`, imports of types only). The sandbox is a door: the CLI
 * may open it lazily (`import('./sandbox/…')`) and only without credentials, so the walk records
 * it and does not go in. The build (tsconfig.build.json) compiles these same files one to one.
 */
function productionImports(entry: string): Found {
  const found: Found = { packages: new Map(), files: new Set(), sandboxDoors: [] };
  const queue = [resolve(ROOT, entry)];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (found.files.has(file)) continue;
    found.files.add(file);
    for (const { specifier, dynamic } of runtimeImports(file)) {
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'));
        if (relative(ROOT, target).startsWith('src/sandbox/')) {
          found.sandboxDoors.push(`${relative(ROOT, file)} → ${specifier}${dynamic ? ' (lazy)' : ''}`);
          continue;
        }
        queue.push(target);
      } else if (!specifier.startsWith('node:') && !builtinModules.includes(specifier)) {
        const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.replace(/\/.*$/, '');
        if (!found.packages.has(name)) found.packages.set(name, relative(ROOT, file));
      }
    }
  }
  return found;
}

function runtimeImports(file: string): { specifier: string; dynamic: boolean }[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: { specifier: string; dynamic: boolean }[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name &&
            clause.namedBindings !== undefined &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) out.push({ specifier: node.moduleSpecifier.text, dynamic: false });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier) && !node.isTypeOnly) {
      out.push({ specifier: node.moduleSpecifier.text, dynamic: false });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      // A computed specifier cannot be checked here: refuse it rather than miss it.
      if (!arg || !ts.isStringLiteralLike(arg)) throw new Error(`${relative(ROOT, file)}: import() of a computed specifier`);
      out.push({ specifier: arg.text, dynamic: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

describe('what a production start needs', () => {
  const found = productionImports('src/cli.ts');

  it('imports only packages that `npm ci --omit=dev` installs', () => {
    const notProduction = [...found.packages].filter(([name]) => !(name in pkg.dependencies)).map(([name, file]) => `${name} (imported by ${file})`);
    expect(notProduction).toEqual([]);
    // the walk saw the bot, not an empty graph
    expect(found.files.size).toBeGreaterThan(50);
    expect([...found.packages.keys()]).toEqual(expect.arrayContaining(['@slack/bolt', '@octokit/rest', 'better-sqlite3', 'pino']));
  });

  it('opens the sandbox only lazily, from the CLI', () => {
    expect(found.sandboxDoors).toEqual(['src/cli.ts → ./sandbox/start-sandbox.js (lazy)']);
  });

  it('keeps tsx and the sandbox-only packages out of the dependencies', () => {
    for (const name of ['tsx', 'graphql', 'ws']) {
      expect(pkg.dependencies, name).not.toHaveProperty(name);
      expect(pkg.devDependencies, name).toHaveProperty(name);
    }
    // compiled JavaScript under plain node (its flags only: no loader such as tsx)
    expect(pkg.scripts['start:dist']).toMatch(/^node (--[a-z-]+=\S+ )*dist\/cli\.js$/);
    expect(pkg.scripts['start:dist']).not.toMatch(/tsx|--import|--loader/);
  });
});

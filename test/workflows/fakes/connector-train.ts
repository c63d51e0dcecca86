import type { TestDeps } from './make-deps.js';

/**
 * The connectors of a typical train (connector tags have no prefix): foo has a fix since 1.0.0,
 * bar was never released, same is up to date, old is archived, empty has no commits.
 */
export function connectors(t: TestDeps): void {
  const [fooFirst] = t.github.addRepo('connector-foo', { commits: ['feat: first'] });
  t.github.tag('connector-foo', '1.0.0', fooFirst!);
  t.github.commit('connector-foo', 'fix: retry on 429');
  t.github.addRepo('connector-bar', { commits: ['feat: first', 'feat: second'] });
  const [same] = t.github.addRepo('connector-same', { commits: ['feat: done'] });
  t.github.tag('connector-same', '2.0.0', same!);
  t.github.addRepo('connector-old', { commits: ['feat: x'], archived: true });
  t.github.addRepo('connector-empty');
  t.github.addRepo('widget', { commits: ['feat: not a connector'] });
}

import { describe, expect, it } from 'vitest';
import { connectorStatus } from '../../src/workflows/connector-status.js';
import { makeDeps } from './fakes/make-deps.js';

describe('connectorStatus', () => {
  it("reads each connector's tags with the prefix of its own .github/release-bot.yml", async () => {
    const t = makeDeps();
    const [first] = t.github.addRepo('connector-foo', { commits: ['feat: first'] });
    t.github.tag('connector-foo', 'v1.0.0', first!);
    t.github.commit('connector-foo', 'fix: retry on 429');
    t.github.setRepoFile('connector-foo', 'tagPrefix: v\n');
    const [bar] = t.github.addRepo('connector-bar', { commits: ['feat: first'] });
    t.github.tag('connector-bar', 'v1.0.0', bar!);

    const report = await connectorStatus(t, t.clock.now());

    const seen = new Map(report.drifting.map((d) => [d.connectorId, [d.latestTag, d.ahead?.count]]));
    expect(seen.get('connector-foo')).toEqual(['v1.0.0', 1]);
    // without a file its v1.0.0 is not a connector tag (bare by default): its one commit counts as unreleased
    expect(seen.get('connector-bar')).toEqual([null, 1]);
  });
});

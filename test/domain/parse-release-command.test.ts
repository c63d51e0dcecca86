import { describe, expect, it } from 'vitest';
import { parseReleaseCommand, RELEASE_USAGE } from '../../src/domain/parse-release-command.js';

const ORG = 'acme';
const parse = (text: string) => parseReleaseCommand(text, ORG);
const release = (repo: string, more: object = {}) => ({
  ok: true,
  value: { kind: 'release', repo, bump: null, pre: null, draft: false, dryRun: false, branch: null, ...more },
});
const error = (message: string) => ({ ok: false, error: message });

describe('parseReleaseCommand', () => {
  it('answers help for help and for nothing at all', () => {
    expect(parse('')).toEqual({ ok: true, value: { kind: 'help' } });
    expect(parse('   ')).toEqual({ ok: true, value: { kind: 'help' } });
    expect(parse('help')).toEqual({ ok: true, value: { kind: 'help' } });
    expect(parse('HELP')).toEqual({ ok: true, value: { kind: 'help' } });
  });

  it('reads a repository alone: the commits will decide the bump', () => {
    expect(parse('widget')).toEqual(release('widget'));
  });

  it('reads a bump word, in any case', () => {
    expect(parse('widget minor')).toEqual(release('widget', { bump: 'minor' }));
    expect(parse('widget patch')).toEqual(release('widget', { bump: 'patch' }));
    expect(parse('widget MAJOR')).toEqual(release('widget', { bump: 'major' }));
  });

  it('reads every flag, anywhere, with extra spaces', () => {
    expect(parse('  widget   minor --pre rc --draft --dry-run ')).toEqual(release('widget', { bump: 'minor', pre: 'rc', draft: true, dryRun: true }));
    expect(parse('widget --dry-run major --pre=beta')).toEqual(release('widget', { bump: 'major', pre: 'beta', dryRun: true }));
    expect(parse('--draft widget')).toEqual(release('widget', { draft: true }));
    expect(parse('widget --pre RC')).toEqual(release('widget', { pre: 'rc' }));
  });

  it('takes the dashes macOS and phones put in place of -- for --', () => {
    expect(parse('widget minor —pre alpha –dry-run')).toEqual(release('widget', { bump: 'minor', pre: 'alpha', dryRun: true }));
  });

  it('accepts the org/ prefix of the configured org, in any case', () => {
    expect(parse('acme/widget minor')).toEqual(release('widget', { bump: 'minor' }));
    expect(parse('ACME/widget')).toEqual(release('widget'));
    expect(parse('acme/help')).toEqual(release('help'));
    expect(parse('acme/my_repo.js-2')).toEqual(release('my_repo.js-2'));
  });

  it('reads history with a repository', () => {
    expect(parse('history widget')).toEqual({ ok: true, value: { kind: 'history', repo: 'widget' } });
    expect(parse('history acme/widget')).toEqual({ ok: true, value: { kind: 'history', repo: 'widget' } });
    expect(parse('acme/history')).toEqual(release('history'));
  });

  describe('errors, each naming the word at fault', () => {
    it.each([
      ['widget huge', '`huge` is not a bump: use patch, minor or major.'],
      ['widget minor major', '`major` is a second bump after `minor`: give one of patch, minor or major.'],
      ['widget minor minor', '`minor` is a second bump after `minor`: give one of patch, minor or major.'],
      ['widget minor please', '`please` is not expected after the bump: see `/release help`.'],
      ['widget --force', '`--force` is not an option: use --pre, --branch, --draft or --dry-run.'],
      ['widget -n', '`-n` is not an option: use --pre, --branch, --draft or --dry-run.'],
      ['widget --draft=yes', '`--draft=yes` is not an option: use --pre, --branch, --draft or --dry-run.'],
      ['widget --draft --draft', '`--draft` is given twice: give it once.'],
      ['widget --pre rc --pre beta', '`--pre` is given twice: give it once.'],
      ['widget --pre', '`--pre` needs a prerelease id: use alpha, beta or rc.'],
      ['widget --pre --draft', '`--pre` needs a prerelease id: use alpha, beta or rc.'],
      ['widget --pre=', '`--pre` needs a prerelease id: use alpha, beta or rc.'],
      ['widget --pre gamma', '`gamma` is not a prerelease id: use alpha, beta or rc.'],
      ['widget --pre minor', '`minor` is not a prerelease id: use alpha, beta or rc.'],
      ['--dry-run', 'Say which repository to release: `/release &lt;repo&gt; [patch|minor|major]`.'],
      ['other/widget', '`other/widget` is not in acme: give a repository of acme, like `name` or `acme/name`.'],
      ['acme/', '`acme/` is not a repository name: use letters, digits, `.`, `_` and `-`.'],
      ['acme/a/b', '`acme/a/b` is not a repository name: use letters, digits, `.`, `_` and `-`.'],
      ['wid!get', '`wid!get` is not a repository name: use letters, digits, `.`, `_` and `-`.'],
      ['&lt;!channel&gt;', '`&lt;!channel&gt;` is not a repository name: use letters, digits, `.`, `_` and `-`.'],
      ['help me', '`me` is not expected after `help`: use `/release help` alone.'],
      ['history', 'Say which repository: `/release history &lt;repo&gt;`.'],
      ['history --dry-run', '`--dry-run` is not a repository: use `/release history &lt;repo&gt;`.'],
      ['history widget minor', '`minor` is not expected: `/release history` takes only a repository.'],
      ['history other/widget', '`other/widget` is not in acme: give a repository of acme, like `name` or `acme/name`.'],
    ])('%j -> %s', (text, message) => {
      expect(parse(text)).toEqual(error(message));
    });

    it('shortens a long word and keeps a backtick from ending the code span', () => {
      expect(parse(`widget ${'x'.repeat(100)}`)).toEqual(error(`\`${'x'.repeat(39)}…\` is not a bump: use patch, minor or major.`));
      expect(parse('widget `rm`')).toEqual(error("`'rm'` is not a bump: use patch, minor or major."));
    });
  });

  it('documents every form in mrkdwn, with < and > escaped', () => {
    expect(RELEASE_USAGE).toContain('`/release &lt;repo&gt; [patch|minor|major] [--pre alpha|beta|rc] [--branch &lt;name&gt;] [--draft] [--dry-run]`');
    expect(RELEASE_USAGE).toContain('`/release history &lt;repo&gt;`');
    expect(RELEASE_USAGE).toContain('`/release help`');
    expect(RELEASE_USAGE).not.toMatch(/[<>]/);
  });
});

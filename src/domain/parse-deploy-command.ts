import type { ParseResult } from './parse-release-command.js';
import { isVersion } from './parse-build-notice.js';
import { truncate } from './truncate.js';

export type DeployCommand =
  | { kind: 'help' }
  | { kind: 'deploy'; connectorId: string; version: string }
  | { kind: 'rollback'; connectorId: string }
  | { kind: 'unpin'; connectorId: string };

/** Slack mrkdwn: `<` and `>` must be written as entities even inside code. */
export const DEPLOY_USAGE = [
  '*Usage*',
  '`/deploy &lt;connector&gt; &lt;version&gt;` rolls out the image CI built for that version',
  '`/deploy &lt;connector&gt; rollback` redeploys the previous image and pins the connector (new builds are announced, not deployed)',
  '`/deploy &lt;connector&gt; unpin` lets new builds roll out again',
  '`/deploy help` shows this message',
].join('\n');

const NAME = /^[A-Za-z0-9._-]+$/;

/**
 * Parses the text of `/deploy` (DESIGN.md §1). Keywords are case-insensitive; `<connector>`
 * is a repository name starting with the connectors prefix, or `org/name`; `<version>` is a
 * semantic version (`1.4.0`; a leading `v` is dropped, connector tags are bare). Slack sends the text
 * with `&`, `<` and `>` escaped, so an error is mrkdwn as it stands.
 */
export function parseDeployCommand(text: string, o: { org: string; connectorPrefix: string }): ParseResult<DeployCommand> {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const [first, second, extra] = words;
  if (first === undefined || (first.toLowerCase() === 'help' && second === undefined)) return { ok: true, value: { kind: 'help' } };
  const connector = parseConnector(first, o);
  if (!connector.ok) return connector;
  const connectorId = connector.value;
  if (second === undefined) return fail(`Say what to deploy: \`/deploy ${connectorId} &lt;version&gt;\`, \`rollback\` or \`unpin\`.`);
  if (extra !== undefined) return fail(`${quote(extra)} is not expected after ${quote(second)}: see \`/deploy help\`.`);
  const word = second.toLowerCase();
  if (word === 'rollback') return { ok: true, value: { kind: 'rollback', connectorId } };
  if (word === 'unpin') return { ok: true, value: { kind: 'unpin', connectorId } };
  const version = second.replace(/^v(?=\d)/, '');
  if (!isVersion(version)) return fail(`${quote(second)} is not a version: give one like \`1.4.0\`, or \`rollback\` or \`unpin\`.`);
  return { ok: true, value: { kind: 'deploy', connectorId, version } };
}

function parseConnector(word: string, o: { org: string; connectorPrefix: string }): ParseResult<string> {
  const slash = word.indexOf('/');
  if (slash !== -1 && word.slice(0, slash).toLowerCase() !== o.org.toLowerCase()) {
    return fail(`${quote(word)} is not in ${o.org}: give a connector like \`${o.connectorPrefix}foo\`.`);
  }
  const name = slash === -1 ? word : word.slice(slash + 1);
  if (!NAME.test(name) || !name.startsWith(o.connectorPrefix) || name.length === o.connectorPrefix.length) {
    return fail(`${quote(word)} is not a connector: connector names start with \`${o.connectorPrefix}\`.`);
  }
  return { ok: true, value: name };
}

function quote(word: string): string {
  return `\`${truncate(word.replace(/`/g, "'"), 40)}\``;
}

function fail<T>(error: string): ParseResult<T> {
  return { ok: false, error };
}

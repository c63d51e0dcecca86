import type { CheckItem } from '../../domain/checks-gate.js';
import type { ReleaseChecks } from '../../domain/release.js';
import { escapeMrkdwn } from '../../domain/escape-mrkdwn.js';
import { truncate } from '../../domain/truncate.js';
import { link } from './mrkdwn.js';

const named = (c: CheckItem) => (c.url ? link(c.url, truncate(c.name, 80)) : escapeMrkdwn(truncate(c.name, 80)));

function some(items: readonly CheckItem[], max: number): string {
  const shown = items.slice(0, max).map(named);
  return `${shown.join(', ')}${items.length > max ? ` and ${items.length - max} more` : ''}`;
}

/**
 * The CI state of the proposed commit, as the proposal shows it:
 * "✅ 12 passed · ⏳ 2 running (e2e, deploy-preview) · ❌ lint failed", each named check linked.
 */
export function checksLine(c: Pick<ReleaseChecks, 'summary'>): string {
  const s = c.summary;
  if (s.checks.length === 0) return ':hourglass_flowing_sand: no checks reported yet';
  const parts: string[] = [];
  if (s.passed > 0) parts.push(`:white_check_mark: ${s.passed} passed`);
  const pending = s.checks.filter((x) => x.state === 'pending');
  if (pending.length > 0) parts.push(`:hourglass_flowing_sand: ${pending.length} running (${some(pending, 3)})`);
  const failed = s.checks.filter((x) => x.state === 'failed');
  if (failed.length > 0) parts.push(`:x: ${some(failed, 5)} failed`);
  return parts.join(' · ');
}

import type { Deps } from '../workflows/deps.js';
import type { SlackPort } from './slack-port.js';

/** What the Slack listeners take: the use cases' ports, and Slack itself for answers seen only by the person who asked. */
export interface ListenerDeps extends Deps {
  slack: Pick<SlackPort, 'postEphemeral' | 'openModal'>;
}

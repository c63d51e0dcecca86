import type { RespondArguments } from '@slack/bolt';
import type { FreezeCommand } from '../../domain/parse-freeze-command.js';
import { freeze, unfreeze } from '../../workflows/freeze-command.js';
import { freezeCommandText } from '../blocks/freeze-answers.js';
import { errorText } from '../error-text.js';
import type { ListenerDeps } from '../listener-deps.js';

/**
 * `/release freeze` and `/release unfreeze`: answered privately in the ack (one repository
 * lookup and one write); the release channel hears of it through the outbox. A change wakes the
 * freeze watcher, which marks open proposals and lets held work go.
 */
export async function answerFreeze(
  deps: ListenerDeps,
  cmd: FreezeCommand,
  ack: (a: RespondArguments) => Promise<void>,
  user: string,
  onChange: () => void,
): Promise<void> {
  try {
    const outcome = cmd.kind === 'freeze' ? await freeze(deps, { ...cmd, userId: user }) : await unfreeze(deps, { scope: cmd.scope, userId: user });
    await ack({ response_type: 'ephemeral', text: freezeCommandText(outcome) });
    if (outcome.kind === 'frozen' || outcome.kind === 'unfrozen') onChange();
  } catch (error) {
    deps.logger.error({ err: error, command: `/release ${cmd.kind}`, user }, `/release ${cmd.kind} failed`);
    await ack({ response_type: 'ephemeral', text: errorText(error, `${cmd.kind} releases`) });
  }
}

import { describe, expect, it } from 'vitest';
import { deploymentProblemReply } from '../../../src/slack/blocks/rollout-replies.js';
import { validateBlocks } from '../../../src/sandbox/slack/validate-blocks.js';
import type { Rollout } from '../../../src/domain/rollout-model.js';

const rollout = { id: 7, connectorId: 'connector-foo', version: '1.4.0' } as Rollout;

describe('deploymentProblemReply', () => {
  it('says which deployment is missing and why, escaped, and that the rollout goes on', () => {
    const m = deploymentProblemReply(rollout, '1.4.0 in connector-foo: GitHub refused it (422: No ref found for: <!channel>)');
    expect(validateBlocks([...(m.blocks ?? [])])).toEqual([]);
    expect(m.text).not.toContain('<!channel>');
    expect(m).toMatchSnapshot();
  });
});

import type { Batch } from '../../../src/domain/batch.js';
import type { Release } from '../../../src/domain/release.js';
import type { Message } from '../../../src/workflows/ports/message.js';
import type { DigestView } from '../../../src/domain/digest-view.js';
import type { Rollout } from '../../../src/domain/rollout-model.js';
import type { BatchEvent, BatchView, FreezeNoticeView, Narrator, ReleaseEvent, RolloutView } from '../../../src/workflows/ports/narrator.js';
import type { Freeze } from '../../../src/domain/freeze-window.js';

/** What a use case told the narrator, as the recording narrator writes it into the message's `text`. */
export interface Told {
  method: keyof Narrator;
  [field: string]: unknown;
}

const release = (r: Release) => ({ release: r.id, status: r.status, tag: r.tag });
const rollout = (v: RolloutView) => ({
  rollout: v.rollout.id,
  status: v.rollout.status,
  ...(v.pin ? { pinned: v.pin.version } : {}),
  ...(v.other ? { other: v.other.id } : {}),
});
const members = (ms: readonly Release[]) => ms.map((m) => `${m.repo}:${m.status}`);

/**
 * A narrator that tells in JSON: each message's `text` is `{ method, …what it was about }`, so a
 * test asserts on what the use case said (which release, which status, which event), never on
 * Block Kit. Everything told is kept in `told`; `failOn` makes a method throw, to show that a
 * failure inside a unit of work leaves nothing behind.
 */
export class RecordingNarrator implements Narrator {
  readonly told: Told[] = [];
  private readonly failing = new Set<keyof Narrator>();

  failOn(method: keyof Narrator): void {
    this.failing.add(method);
  }

  releaseParent(r: Release, v?: RolloutView): Message {
    return this.tell({ method: 'releaseParent', ...release(r), ...(v ? { rollout: rollout(v) } : {}) });
  }

  releaseReply(r: Release, event: ReleaseEvent): Message {
    return this.tell({ method: 'releaseReply', ...release(r), event });
  }

  releaseNotice(r: Release): Message {
    return this.tell({ method: 'releaseNotice', ...release(r) });
  }

  batchCard(view: BatchView): Message {
    return this.tell({
      method: 'batchCard',
      batch: view.batch.id,
      status: view.batch.status,
      members: members(view.members),
      ...(view.page ? { page: view.page } : {}),
      ...(view.dryRun ? { dryRun: true } : {}),
    });
  }

  batchReply(b: Batch, event: BatchEvent): Message {
    return this.tell({ method: 'batchReply', batch: b.id, event });
  }

  batchSummary(b: Batch, ms: readonly Release[]): Message {
    return this.tell({ method: 'batchSummary', batch: b.id, members: members(ms) });
  }

  rolloutParent(v: RolloutView): Message {
    return this.tell({ method: 'rolloutParent', ...rollout(v) });
  }

  rolloutReply(v: RolloutView): Message {
    return this.tell({ method: 'rolloutReply', ...rollout(v) });
  }

  rolloutDeploymentProblem(r: Rollout, problem: string): Message {
    return this.tell({ method: 'rolloutDeploymentProblem', rollout: r.id, problem });
  }

  unpinned(connectorId: string, by: string): Message {
    return this.tell({ method: 'unpinned', connectorId, by });
  }

  digest(view: DigestView): Message {
    return this.tell({ method: 'digest', week: view.week, releases: view.stats?.current.releases ?? null, drifting: view.drift.drifting.length });
  }

  freezeNotice(view: FreezeNoticeView): Message {
    return this.tell({ method: 'freezeNotice', event: view.event, freeze: view.freeze.id, reason: view.freeze.reason, ...(view.by ? { by: view.by } : {}) });
  }

  rolloutFrozen(v: RolloutView, freeze: Freeze): Message {
    return this.tell({ method: 'rolloutFrozen', ...rollout(v), freeze: freeze.id });
  }

  private tell(t: Told): Message {
    if (this.failing.has(t.method)) throw new Error(`narrator.${t.method} failed (as the test asked)`);
    this.told.push(t);
    return { text: JSON.stringify(t) };
  }
}

/** What a message rendered by the recording narrator was about. */
export function said(m: Message): Told {
  return JSON.parse(m.text) as Told;
}

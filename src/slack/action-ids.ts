/** Every action_id the bot renders and listens to, in one place. */
export const ACTIONS = {
  approveRelease: 'release_approve',
  changeBump: 'release_bump',
  skipRelease: 'release_skip',
  retryRelease: 'release_retry',
  /** break-glass: opens the modal that asks for a reason */
  releaseAnyway: 'release_anyway',
  approveBatch: 'batch_approve',
  cancelBatch: 'batch_cancel',
  retryBatch: 'batch_retry',
  batchPagePrev: 'batch_page_prev',
  batchPageNext: 'batch_page_next',
  /** one per connector row: `batch_member_<releaseId>` */
  batchMemberPrefix: 'batch_member_',
  deployRollout: 'rollout_deploy',
  retryRollout: 'rollout_retry',
} as const;

/** The modals the bot opens: their `callback_id`s, and the ids of the inputs read back on submission. */
export const VIEWS = {
  releaseAnyway: 'release_anyway_modal',
  reasonBlock: 'reason',
  reasonInput: 'reason_input',
} as const;

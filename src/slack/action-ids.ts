/** Every action_id the bot renders and listens to, in one place. */
export const ACTIONS = {
  approveRelease: 'release_approve',
  changeBump: 'release_bump',
  skipRelease: 'release_skip',
} as const;

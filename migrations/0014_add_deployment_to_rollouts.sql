-- The GitHub deployment of each rollout: its id, the last status the bot set on it, or why it has none.
ALTER TABLE rollouts ADD COLUMN deployment_id INTEGER;
ALTER TABLE rollouts ADD COLUMN deployment_state TEXT CHECK (deployment_state IN ('in_progress', 'success', 'failure', 'inactive'));
ALTER TABLE rollouts ADD COLUMN deployment_error TEXT;
-- Rollouts made before: no deployment is created for them after the fact.
UPDATE rollouts SET deployment_error = 'rolled out before the bot recorded GitHub deployments';

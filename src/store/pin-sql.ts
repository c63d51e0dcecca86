// The same text on SQLite and PostgreSQL: both take quoted aliases and `ON CONFLICT (…) DO UPDATE`.

/** The pins, as `ConnectorPin`s; a store adds its WHERE. */
export const SELECT_PINS = 'SELECT connector_id AS "connectorId", image, version, pinned_by AS "pinnedBy", pinned_at AS "pinnedAt", reason FROM connector_pins';

/** Pins a connector (again), forgetting an earlier unpin: (connector_id, image, version, reason, pinned_by, pinned_at). */
export const UPSERT_PIN = `INSERT INTO connector_pins (connector_id, pinned, image, version, reason, pinned_by, pinned_at) VALUES (?, 1, ?, ?, ?, ?, ?)
  ON CONFLICT (connector_id) DO UPDATE SET pinned = 1, image = excluded.image, version = excluded.version, reason = excluded.reason,
    pinned_by = excluded.pinned_by, pinned_at = excluded.pinned_at, unpinned_by = NULL, unpinned_at = NULL`;

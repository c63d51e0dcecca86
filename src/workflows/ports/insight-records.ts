import type { ConnectorRecord } from '../../domain/connector-record.js';
import type { InsightHistory } from '../../domain/insight-history.js';

/** What `/release stats`, `/connectors status` and the weekly digest read of the records. */
export interface InsightRecords {
  /** releases and rollouts touched at or after `since` (ISO 8601), with the first record of every repository */
  history(since: string): Promise<InsightHistory>;
  /** every connector the bot rolled out or pinned */
  connectors(): Promise<ConnectorRecord[]>;
  /** true for the one caller that claims the digest of `week` (`2026-W14`); false when it was claimed before */
  claimDigest(week: string): Promise<boolean>;
}

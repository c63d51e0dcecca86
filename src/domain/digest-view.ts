import type { ConnectorDrift, DriftReport } from './connector-drift.js';
import type { DeliveryStats } from './delivery-stats.js';
import type { StatsScope } from './insight-history.js';

/** The weekly digest: last week's figures (null: nothing released by the bot yet) and the drift summary with the farthest connectors. */
export interface DigestView {
  /** `2026-W14` */
  week: string;
  scope: StatsScope;
  stats: DeliveryStats | null;
  drift: DriftReport;
  /** the few that drift farthest */
  top: readonly ConnectorDrift[];
}

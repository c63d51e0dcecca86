/** One line of the append-only audit: who did what to which row, when (the store adds the time), and why. */
export interface AuditEntry {
  actor: string;
  subjectType: 'release' | 'batch' | 'rollout' | 'delivery' | 'connector' | 'deployment' | 'freeze';
  subjectId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  reason: string | null;
}

export interface AuditTrail {
  append(e: AuditEntry): Promise<void>;
}

/** The oldest committer date among a release's analysed commits; null for rows recorded before dates were. */
export function firstCommitAt(analysis: string): string | null {
  const { commits } = JSON.parse(analysis) as { commits?: { date?: string }[] };
  const dates = (commits ?? []).flatMap((c) => (c.date ? [Date.parse(c.date)] : [])).filter((t) => !Number.isNaN(t));
  return dates.length === 0 ? null : new Date(Math.min(...dates)).toISOString();
}

/**
 * The performance bands of the DORA research: Accelerate State of DevOps Report 2023,
 * "Software delivery performance" (https://dora.dev/research/2023/dora-report/):
 *
 * | band   | deployment frequency        | lead time for changes | change failure rate | failed deployment recovery time |
 * | elite  | on demand (several a day)   | less than one day     | 5%                  | less than one hour              |
 * | high   | once a day to once a week   | one day to one week   | 10%                 | less than one day               |
 * | medium | once a week to once a month | one week to one month | 15%                 | one day to one week             |
 * | low    | less than once a month      | more than a month     | more                | more than a week                |
 *
 * The report gives typical values per band, not cut-offs; the edges below are the ones those
 * values imply (a rate up to 5% is elite, up to 10% high…).
 */
export type DoraBand = 'elite' | 'high' | 'medium' | 'low';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** deployments per week */
export function frequencyBand(perWeek: number): DoraBand {
  if (perWeek > 7) return 'elite';
  if (perWeek >= 1) return 'high';
  if (perWeek >= 12 / 52) return 'medium';
  return 'low';
}

export function leadTimeBand(ms: number): DoraBand {
  if (ms < DAY) return 'elite';
  if (ms < 7 * DAY) return 'high';
  if (ms < 30 * DAY) return 'medium';
  return 'low';
}

/** a fraction, 0.05 for 5% */
export function failureRateBand(rate: number): DoraBand {
  if (rate <= 0.05) return 'elite';
  if (rate <= 0.1) return 'high';
  if (rate <= 0.15) return 'medium';
  return 'low';
}

export function restoreBand(ms: number): DoraBand {
  if (ms < HOUR) return 'elite';
  if (ms < DAY) return 'high';
  if (ms < 7 * DAY) return 'medium';
  return 'low';
}

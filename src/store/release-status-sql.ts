import { RELEASE_IN_FLIGHT } from '../domain/release-status.js';

// Statuses are fixed words of the domain, never input: safe to inline in SQL.

/** The statuses of a release in flight, as a list for `status IN (…)`. */
export const IN_FLIGHT_SQL = RELEASE_IN_FLIGHT.map((st) => `'${st}'`).join(',');

/** The statuses of a release the bot made (approved or further), as a list for `status IN (…)`. */
export const MADE_SQL = [...RELEASE_IN_FLIGHT, 'notified'].map((st) => `'${st}'`).join(',');

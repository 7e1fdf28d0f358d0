/**
 * The centre's calendar: Asia/Shanghai (routing's DEFAULT_TIME_ZONE) is UTC+8 all year, with no daylight
 * saving. "Today", shift starts and report periods all count on it, whatever time zone the server is
 * set to (servers often run on UTC): the wallboard's shift and the report's shift must agree.
 */
export const CENTRE_UTC_OFFSET_MINUTES = 480;
export const CENTRE_OFFSET_MS = CENTRE_UTC_OFFSET_MINUTES * 60_000;
const DAY_MS = 86_400_000;

/** The centre's midnight that starts the day `now` falls in. */
export function startOfDay(now: number): number {
  return Math.floor((now + CENTRE_OFFSET_MS) / DAY_MS) * DAY_MS - CENTRE_OFFSET_MS;
}

/** The centre's date of `at` as YYYY-MM-DD. */
export function centreDate(at: number): string {
  return new Date(at + CENTRE_OFFSET_MS).toISOString().slice(0, 10);
}

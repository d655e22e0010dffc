/** Budgets follow the user's calendar: days, weeks (from Monday) and months in local time. */
const pad = (n: number) => String(n).padStart(2, '0');

export const localDayKey = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
export const localMonthKey = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
export const startOfLocalMonth = (d: Date): Date => new Date(d.getFullYear(), d.getMonth(), 1);

/** Local midnight starting the week (Monday) that holds `d`. */
export function startOfLocalWeek(d: Date): Date {
  const sinceMonday = (d.getDay() + 6) % 7;
  return new Date(d.getFullYear(), d.getMonth(), d.getDate() - sinceMonday);
}

/** A week is named by its Monday, `YYYY-MM-DD`. */
export const localWeekKey = (d: Date): string => localDayKey(startOfLocalWeek(d));

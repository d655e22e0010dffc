/** Budgets follow the user's calendar: days and months in local time. */
const pad = (n: number) => String(n).padStart(2, '0');

export const localDayKey = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
export const localMonthKey = (d: Date): string => `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
export const startOfLocalMonth = (d: Date): Date => new Date(d.getFullYear(), d.getMonth(), 1);

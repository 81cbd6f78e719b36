import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `intervalMs` until the instant `until` has passed (for a
 * countdown); the last refresh lands after `until`, so the caller sees the deadline reached.
 */
export function useNow(intervalMs: number, until: number | null): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (until === null || Date.now() > until) return undefined;
    const timer = window.setInterval(() => {
      const current = new Date();
      setNow(current);
      if (current.getTime() > until) window.clearInterval(timer);
    }, intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs, until]);
  return now;
}

/** `3 天 04:12:09`-style parts of a remaining duration (never negative). */
export function remainingParts(untilMs: number, nowMs: number): { days: number; hms: string } {
  const total = Math.max(0, Math.floor((untilMs - nowMs) / 1000));
  const days = Math.floor(total / 86400);
  const pad = (n: number) => String(n).padStart(2, '0');
  const hms = `${pad(Math.floor((total % 86400) / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
  return { days, hms };
}

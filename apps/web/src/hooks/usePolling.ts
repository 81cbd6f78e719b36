import { useEffect, useRef } from 'react';

/**
 * While `active`, runs `tick` every `intervalMs`, waiting for each run to finish before
 * scheduling the next, so a slow server is never flooded nor its answers aborted.
 */
export function usePolling(tick: () => Promise<void>, active: boolean, intervalMs: number): void {
  const tickRef = useRef(tick);
  tickRef.current = tick;

  useEffect(() => {
    if (!active) return undefined;
    let stopped = false;
    let timer: number | undefined;
    const schedule = () => {
      timer = window.setTimeout(() => {
        void tickRef.current().finally(() => {
          if (!stopped) schedule();
        });
      }, intervalMs);
    };
    schedule();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [active, intervalMs]);
}

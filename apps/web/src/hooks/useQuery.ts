import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { isAbortError } from '../api/client';

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Loads again with the same inputs; resolves when done. */
  reload: () => Promise<void>;
  /** Replaces the data locally (after a mutation returned the new value). */
  setData: (data: T | undefined) => void;
}

/**
 * Runs `load` when `deps` change, aborting the previous request, and keeps its result.
 * `load` must only depend on values listed in `deps`.
 */
export function useQuery<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): QueryState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const controllerRef = useRef<AbortController | null>(null);

  const run = useCallback(async (): Promise<void> => {
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    setLoading(true);
    try {
      const result = await loadRef.current(controller.signal);
      if (controller.signal.aborted) return;
      setData(result);
      setError(undefined);
    } catch (caught) {
      if (isAbortError(caught) || controller.signal.aborted) return;
      setError(caught);
    } finally {
      if (!controller.signal.aborted) setLoading(false);
    }
  }, []);

  useEffect(() => {
    void run();
    return () => controllerRef.current?.abort();
    // The caller lists the inputs of `load` in `deps`.
  }, deps);

  return { data, error, loading, reload: run, setData };
}

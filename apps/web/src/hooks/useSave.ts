import { useState } from 'react';

/**
 * Saving a form: `saving` while `write` runs, the error of a refused save for the form to show,
 * and `onSaved` with what `write` answered.
 */
export function useSave<T, R>(write: (values: T) => Promise<R>, onSaved: (result: R) => void) {
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const save = async (values: T) => {
    setSaving(true);
    setError(undefined);
    try {
      onSaved(await write(values));
    } catch (caught) {
      setError(caught);
    } finally {
      setSaving(false);
    }
  };
  return { saving, error, save };
}

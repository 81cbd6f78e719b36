import { ERRORS } from '@fupin/domain';
import { App } from 'antd';
import { useCallback } from 'react';
import { ApiError } from '../api/client';
import { useI18n } from '../i18n';

/** Turns any thrown value into a message in the user's language, by error code. */
export function useErrorText(): (error: unknown) => string {
  const { locale, t } = useI18n();
  return useCallback(
    (error: unknown) => {
      if (error instanceof ApiError) {
        if (error.isNetwork) return t('error.network');
        return ERRORS[error.code][locale];
      }
      return t('error.unknown');
    },
    [locale, t],
  );
}

/** Shows an error as a toast, with the request ID for server faults. */
export function useNotifyError(): (error: unknown) => void {
  const { message } = App.useApp();
  const errorText = useErrorText();
  const { t } = useI18n();
  return useCallback(
    (error: unknown) => {
      const text = errorText(error);
      const withId =
        error instanceof ApiError && error.status >= 500 && error.requestId
          ? t('error.withRequestId', { message: text, id: error.requestId })
          : text;
      void message.error(withId);
    },
    [errorText, message, t],
  );
}

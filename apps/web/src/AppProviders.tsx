import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import type { ReactNode } from 'react';
import { AuthProvider } from './auth/AuthProvider';
import { LocaleProvider, useI18n } from './i18n';
import { theme } from './theme';

function ThemedApp({ children }: { children: ReactNode }) {
  const { locale } = useI18n();
  return (
    <ConfigProvider locale={locale === 'zh-CN' ? zhCN : enUS} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

/** Language, Ant Design (theme, locale, message/modal holders) and session. */
export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <LocaleProvider>
      <ThemedApp>
        <AuthProvider>{children}</AuthProvider>
      </ThemedApp>
    </LocaleProvider>
  );
}

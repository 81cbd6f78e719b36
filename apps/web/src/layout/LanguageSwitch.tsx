import { GlobalOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import { useI18n } from '../i18n';

/** Toggles between 中文 and English; the choice is remembered. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { locale, setLocale, t } = useI18n();
  return (
    <Tooltip title={t('lang.switchHint')}>
      <Button
        type="text"
        className={className}
        icon={<GlobalOutlined />}
        data-testid="lang-switch"
        aria-label={t('lang.switchHint')}
        onClick={() => setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN')}
      >
        {t('lang.switchTo')}
      </Button>
    </Tooltip>
  );
}

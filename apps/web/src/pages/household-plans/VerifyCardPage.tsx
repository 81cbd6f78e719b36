import { Result, Skeleton } from 'antd';
import dayjs from 'dayjs';
import { useParams } from 'react-router';
import { verifyWallCard } from '../../api/householdPlans';
import { useErrorText } from '../../hooks/useErrorText';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import { WallCardBody } from './WallCardBody';
import './householdPlans.css';

/**
 * `/verify/:token` — the public check of a posted wall card (no login): whether the system issued
 * it and whether it is still current, with the card as printed (household data masked).
 */
export function VerifyCardPage() {
  const { token = '' } = useParams();
  const { t, locale } = useI18n();
  const errorText = useErrorText();
  const check = useQuery((signal) => verifyWallCard(token, signal), [token]);
  const v = check.data;
  const date = (iso: string) => dayjs(iso).format(locale === 'zh-CN' ? 'YYYY年M月D日' : 'YYYY-MM-DD');
  return (
    <div className="wallcard-page">
      <div className="wallcard-toolbar">
        <strong>{t('app.title')}</strong>
        <div style={{ flex: 1 }} />
        <LanguageSwitch />
      </div>
      <article className="wallcard-sheet wallcard-verify" data-testid="verify-sheet">
        <h1 className="wallcard-title">{t('plans.verify.title')}</h1>
        {check.loading && !v ? <Skeleton active paragraph={{ rows: 8 }} /> : null}
        {check.error && !check.loading ? (
          <Result
            status="error"
            title={t('plans.verify.invalid')}
            subTitle={errorText(check.error)}
            data-testid="verify-result"
            data-status="invalid"
          />
        ) : null}
        {v ? (
          <>
            <Result
              status={v.status === 'current' ? 'success' : 'warning'}
              data-testid="verify-result"
              data-status={v.status}
              title={
                v.status === 'current'
                  ? t('plans.verify.current')
                  : v.version < v.latestVersion
                    ? t('plans.verify.staleNewer', { latest: v.latestVersion })
                    : t('plans.verify.staleChanged')
              }
              subTitle={t('plans.verify.issued', { version: v.version, date: date(v.issuedAt) })}
            />
            <h2 className="wallcard-subtitle">{t('plans.card.title')}</h2>
            <WallCardBody card={v.card} />
            <p className="wallcard-privacy">{t('plans.verify.note')}</p>
          </>
        ) : null}
      </article>
    </div>
  );
}

import { PrinterOutlined, RollbackOutlined } from '@ant-design/icons';
import { Alert, Button, QRCode, Skeleton } from 'antd';
import dayjs from 'dayjs';
import { useNavigate, useParams } from 'react-router';
import { issueWallCard } from '../../api/householdPlans';
import { useErrorText } from '../../hooks/useErrorText';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import { ErrorPage } from '../errors/ErrorPage';
import { WallCardBody } from './WallCardBody';
import './householdPlans.css';

const KEY_PATTERN = /^\d{6}-\d{1,18}$/;

/** The address a card's QR code opens: the public verification page of its token. */
export function verifyUrl(token: string): string {
  return `${window.location.origin}/verify/${token}`;
}

/**
 * `/households/:key/wall-card` — the printable "十个到户" card: an A4 sheet without the app frame.
 * Opening it issues the card (a new version only when the household's assistance changed).
 */
export function WallCardPage() {
  const { key = '' } = useParams();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const valid = KEY_PATTERN.test(key);
  const card = useQuery((signal) => (valid ? issueWallCard(key, signal) : Promise.resolve(undefined)), [key, valid]);
  if (!valid) return <ErrorPage status={404} />;
  const data = card.data;
  return (
    <div className="wallcard-page">
      <div className="wallcard-toolbar">
        <Button icon={<RollbackOutlined />} onClick={() => void navigate(`/households/${key}?tab=plan`)}>
          {t('plans.card.back')}
        </Button>
        <div style={{ flex: 1 }} />
        <LanguageSwitch />
        <Button
          type="primary"
          icon={<PrinterOutlined />}
          disabled={!data}
          onClick={() => window.print()}
          data-testid="wallcard-print"
        >
          {t('plans.card.print')}
        </Button>
      </div>
      {card.error && !card.loading ? (
        <Alert type="error" showIcon className="wallcard-toolbar" title={errorText(card.error)} />
      ) : null}
      <article className="wallcard-sheet" data-testid="wallcard-sheet">
        {!data ? (
          <Skeleton active paragraph={{ rows: 14 }} />
        ) : (
          <>
            <h1 className="wallcard-title" data-testid="wallcard-title">
              {t('plans.card.title')}
            </h1>
            <WallCardBody card={data.card} />
            <footer className="wallcard-footer">
              <div className="wallcard-qr" data-testid="wallcard-qr" data-url={verifyUrl(data.token)}>
                <QRCode value={verifyUrl(data.token)} size={112} bordered={false} errorLevel="M" />
              </div>
              <div className="wallcard-footnote">
                <p>{t('plans.card.qr')}</p>
                <p data-testid="wallcard-version">
                  {t('plans.card.version', {
                    version: data.version,
                    date: dayjs(data.issuedAt).format(locale === 'zh-CN' ? 'YYYY年M月D日' : 'YYYY-MM-DD'),
                  })}
                </p>
                <p className="wallcard-privacy">{t('plans.card.privacy')}</p>
              </div>
            </footer>
          </>
        )}
      </article>
    </div>
  );
}

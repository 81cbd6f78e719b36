import { PrinterOutlined, RollbackOutlined } from '@ant-design/icons';
import { HOUSEHOLD_ATTRIBUTES, POVERTY_CAUSES, REGION_CODE_PATTERN } from '@fupin/domain';
import { Alert, Button, Segmented, Skeleton } from 'antd';
import dayjs from 'dayjs';
import { useNavigate, useSearchParams } from 'react-router';
import { fetchIdentificationSettings, fetchPublicNotice, type NoticeStage } from '../../api/identification';
import { fetchRegion } from '../../api/regions';
import { useErrorText } from '../../hooks/useErrorText';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { LanguageSwitch } from '../../layout/LanguageSwitch';
import { ErrorPage } from '../errors/ErrorPage';
import { useEnumText } from '../registry/enumText';
import { formatDay } from './labels';
import './identification.css';

const REGION = new RegExp(REGION_CODE_PATTERN);

/** `上磁村民委员会` → `上磁村`: the notice title names the village as people say it. */
function shortName(name: string): string {
  return name.replace(/村民委员会$/, '村').replace(/居民委员会$/, '');
}

function earliest(values: (string | null)[]): string | null {
  return values.reduce<string | null>((min, v) => (v !== null && (min === null || v < min) ? v : min), null);
}

function latest(values: (string | null)[]): string | null {
  return values.reduce<string | null>((max, v) => (v !== null && (max === null || v > max) ? v : max), null);
}

/**
 * `/identification/notice?regionCode&stage` — the printable public notice (公示) of a village or
 * township: an A4 sheet without the app frame; names, masked ID numbers, size, attribute, cause.
 */
export function NoticePage() {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const enumText = useEnumText();
  const errorText = useErrorText();
  const [params, setParams] = useSearchParams();
  const regionCode = params.get('regionCode') ?? '';
  const stage: NoticeStage = params.get('stage') === 'secondNotice' ? 'secondNotice' : 'firstNotice';
  const valid = REGION.test(regionCode);

  const notice = useQuery(
    (signal) => (valid ? fetchPublicNotice(regionCode, stage, signal) : Promise.resolve(undefined)),
    [regionCode, stage, valid],
  );
  const region = useQuery(
    (signal) => (valid ? fetchRegion(regionCode, signal) : Promise.resolve(undefined)),
    [regionCode, valid],
  );
  const settings = useQuery((signal) => fetchIdentificationSettings(signal), []);

  if (!valid) return <ErrorPage status={404} />;

  const entries = notice.data?.items ?? [];
  const name = region.data ? region.data.name : regionCode;
  const village = region.data?.level === 'village';
  const start = earliest(entries.map((e) => e.noticeStartedAt));
  const end = latest(entries.map((e) => e.noticeEndsAt));
  const people = entries.reduce((sum, e) => sum + e.size, 0);
  const issuedOn = start ? dayjs(start).format(locale === 'zh-CN' ? 'YYYY年M月D日' : 'D MMMM YYYY') : '';
  const first = stage === 'firstNotice';
  const failed = notice.error ?? region.error;

  return (
    <div className="notice-page">
      <div className="notice-toolbar">
        <Button icon={<RollbackOutlined />} onClick={() => void navigate(-1)}>
          {t('ident.notice.back')}
        </Button>
        <Segmented<NoticeStage>
          value={stage}
          onChange={(next) => setParams({ regionCode, stage: next }, { replace: true })}
          options={[
            { value: 'firstNotice', label: t('ident.noticeFirst') },
            { value: 'secondNotice', label: t('ident.noticeSecond') },
          ]}
        />
        <div style={{ flex: 1 }} />
        <LanguageSwitch />
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} data-testid="notice-print">
          {t('ident.notice.print')}
        </Button>
      </div>
      {failed && !notice.loading ? (
        <Alert type="error" showIcon className="notice-toolbar" title={errorText(failed)} />
      ) : null}
      <article className="notice-sheet" data-testid="notice-sheet">
        {notice.loading && !notice.data ? (
          <Skeleton active paragraph={{ rows: 12 }} />
        ) : (
          <>
            <h1 className="notice-title" data-testid="notice-title">
              {t(first ? 'ident.notice.titleFirst' : 'ident.notice.titleSecond', { region: shortName(name) })}
            </h1>
            <p className="notice-intro">{t(first ? 'ident.notice.introFirst' : 'ident.notice.introSecond')}</p>
            {entries.length === 0 ? (
              <p className="notice-empty">{t('ident.notice.empty')}</p>
            ) : (
              <>
                <table className="notice-table" data-testid="notice-table">
                  <thead>
                    <tr>
                      <th>{t('ident.notice.no')}</th>
                      {village ? null : <th>{t('ident.notice.village')}</th>}
                      <th>{t('ident.notice.headName')}</th>
                      <th>{t('ident.notice.idNumber')}</th>
                      <th>{t('ident.notice.size')}</th>
                      <th>{t('ident.notice.attribute')}</th>
                      <th>{t('ident.notice.mainCause')}</th>
                      <th>{t('ident.notice.start')}</th>
                      <th>{t('ident.notice.end')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {entries.map((e, index) => (
                      <tr key={`${e.villageName}-${e.idNumber}-${index}`}>
                        <td>{index + 1}</td>
                        {village ? null : <td>{shortName(e.villageName)}</td>}
                        <td>{e.headName}</td>
                        <td className="notice-id">{e.idNumber}</td>
                        <td>{e.size}</td>
                        <td>{enumText(HOUSEHOLD_ATTRIBUTES, e.attribute)}</td>
                        <td>{enumText(POVERTY_CAUSES, e.mainCause)}</td>
                        <td className="notice-date">{formatDay(e.noticeStartedAt)}</td>
                        <td className="notice-date">{formatDay(e.noticeEndsAt)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <p className="notice-total">{t('ident.notice.total', { households: entries.length, people })}</p>
              </>
            )}
            <p className="notice-period" data-testid="notice-period">
              {t('ident.notice.period', {
                days: settings.data?.noticeDays ?? '—',
                start: formatDay(start),
                end: formatDay(end),
                to: t(first ? 'ident.notice.toFirst' : 'ident.notice.toSecond'),
              })}
            </p>
            <p className="notice-privacy">{t('ident.notice.privacy')}</p>
            <p className="notice-issuer">{village ? name : t('ident.notice.issuerGov', { region: name })}</p>
            <p className="notice-issuer">{issuedOn}</p>
          </>
        )}
      </article>
    </div>
  );
}

import { FileTextOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { fetchIdentificationCase, fetchIdentificationSettings } from '../../api/identification';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';
import { ApiErrorPage, ErrorPage } from '../errors/ErrorPage';
import { CaseTimeline } from './CaseTimeline';
import { stageLabel } from './labels';
import { ProposalSummary } from './ProposalSummary';
import { StepActionPanel } from './StepActionPanel';
import { useVillageNames } from './useVillageNames';
import { STAGE_COLOR } from './workflow';
import './identification.css';

const KEY_PATTERN = /^\d{6}-\d{1,18}$/;

/** `/identification/:key` — one case: the workflow timeline, the proposed household, the next step. */
export function CasePage() {
  const { key = '' } = useParams();
  const { t } = useI18n();
  const valid = KEY_PATTERN.test(key);
  const { data, error, loading, reload } = useQuery(
    (signal) => (valid ? fetchIdentificationCase(key, signal) : Promise.resolve(undefined)),
    [key, valid],
  );
  const { data: settings } = useQuery((signal) => fetchIdentificationSettings(signal), []);
  const detail = data && data.key === key ? data : undefined;
  const villageNames = useVillageNames(detail ? [detail.villageCode] : []);
  const title = detail ? t('ident.case.title', { name: detail.applicantName }) : key;
  usePageMeta([{ title: t('ident.title'), to: '/identification' }, { title }]);

  if (!valid) return <ErrorPage status={404} />;
  if (error && !loading) return <ApiErrorPage error={error} />;
  if (!detail) return <Skeleton active paragraph={{ rows: 10 }} />;

  const villageName = villageNames.get(detail.villageCode) ?? detail.villageCode;
  const noticeStage = detail.stage === 'firstNotice' || detail.stage === 'secondNotice' ? detail.stage : undefined;
  const noticeRegion = detail.stage === 'secondNotice' ? detail.villageCode.slice(0, 9) : detail.villageCode;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap size={8}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="ident-case-title">
              {title}
            </Typography.Title>
            <Tag color={STAGE_COLOR[detail.stage]} data-testid="ident-stage" data-stage={detail.stage}>
              {stageLabel(t, detail.stage)}
            </Tag>
            <Typography.Text type="secondary">{villageName}</Typography.Text>
          </Space>
        }
        extra={
          <Space>
            {noticeStage ? (
              <Link to={`/identification/notice?regionCode=${noticeRegion}&stage=${noticeStage}`}>
                <Button icon={<FileTextOutlined />}>{t('ident.case.viewNotice')}</Button>
              </Link>
            ) : null}
            <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void reload()} />
          </Space>
        }
      >
        <Row gutter={[24, 16]}>
          <Col xs={24} lg={14} xl={15}>
            <Typography.Title level={5}>{t('ident.case.progress')}</Typography.Title>
            <CaseTimeline detail={detail} settings={settings} />
          </Col>
          <Col xs={24} lg={10} xl={9}>
            <StepActionPanel detail={detail} settings={settings} onTaken={reload} />
          </Col>
        </Row>
      </Card>
      <Card title={t('ident.case.proposal')}>
        <ProposalSummary proposal={detail.proposal} villageName={villageName} />
      </Card>
    </Space>
  );
}

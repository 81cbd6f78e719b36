import { EditOutlined, HistoryOutlined, ReloadOutlined } from '@ant-design/icons';
import { HOUSEHOLD_ATTRIBUTES, POVERTY_CAUSES } from '@fupin/domain';
import { Alert, Button, Card, Skeleton, Space, Tabs, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { fetchHousehold, type HouseholdDetail } from '../../api/registry';
import { useAuth } from '../../auth/AuthProvider';
import { RecordHistory } from '../../components/RecordHistory';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';
import { ApiErrorPage, ErrorPage } from '../errors/ErrorPage';
import { useEnumText } from './enumText';
import { HouseholdFacts, LivingFacts, MembersTable } from './HouseholdDetailTabs';
import { IncomeTable } from './IncomeTable';
import { StatusTag } from './HouseholdTags';
import { AdjustmentPanel } from '../identification/AdjustmentPanel';
import { HouseholdHistory } from '../identification/HouseholdHistory';
import { MeasuresTab } from '../household-plans/MeasuresTab';
import { PlanTab } from '../household-plans/PlanTab';
import { VisitsTab } from '../household-plans/VisitsTab';
import { HouseholdHelpersTab } from '../assistance/HouseholdHelpersTab';

/** The audit entity of households (see the registry service's `recordAudit`). */
const HOUSEHOLD_ENTITY = 'household';
const KEY_PATTERN = /^\d{6}-\d{1,18}$/;
const TABS = ['basic', 'members', 'living', 'income', 'helpers', 'plan', 'measures', 'visits', 'history'] as const;
type TabKey = (typeof TABS)[number];

function isTabKey(value: string | null): value is TabKey {
  return TABS.some((tab) => tab === value);
}

function HistoryTab({ household, onChanged }: { household: HouseholdDetail; onChanged: () => void }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const [open, setOpen] = useState(false);
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {t('registry.history.yearlyTitle')}
      </Typography.Title>
      <HouseholdHistory householdKey={household.key} version={household.version} />
      {can('registry.write') ? (
        <AdjustmentPanel
          householdKey={household.key}
          version={household.version}
          members={household.members}
          status={household.status}
          onChanged={onChanged}
        />
      ) : null}
      {can('audit.read') ? (
        <Space orientation="vertical" size={8}>
          <Typography.Text>{t('registry.history.auditHint')}</Typography.Text>
          <Button icon={<HistoryOutlined />} data-testid="household-history" onClick={() => setOpen(true)}>
            {t('registry.history.audit')}
          </Button>
        </Space>
      ) : (
        <Alert type="info" showIcon title={t('registry.history.noAudit')} />
      )}
      {open ? (
        <RecordHistory
          open
          entity={HOUSEHOLD_ENTITY}
          entityId={household.key}
          title={t('registry.history.title', { name: household.headName })}
          onClose={() => setOpen(false)}
        />
      ) : null}
    </Space>
  );
}

/** `/households/:key` — one household: facts, members, living conditions, incomes, history. */
export function HouseholdDetailPage() {
  const { key = '' } = useParams();
  const { t } = useI18n();
  const { can } = useAuth();
  const navigate = useNavigate();
  const enumText = useEnumText();
  const [params, setParams] = useSearchParams();
  const valid = KEY_PATTERN.test(key);
  const { data, error, loading, reload } = useQuery(
    (signal) => (valid ? fetchHousehold(key, signal) : Promise.resolve(undefined)),
    [key, valid],
  );
  const household = data && data.key === key ? data : undefined;
  usePageMeta([
    { title: t('registry.title'), to: '/households' },
    { title: household ? t('registry.householdOf', { name: household.headName }) : key },
  ]);

  if (!valid) return <ErrorPage status={404} />;
  if (error && !loading) return <ApiErrorPage error={error} />;
  if (!household) return <Skeleton active paragraph={{ rows: 10 }} />;

  const tabParam = params.get('tab');
  const tab: TabKey = isTabKey(tabParam) ? tabParam : 'basic';
  const masked = !can('registry.personal');
  return (
    <Card
      title={
        <Space wrap size={8}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="household-title">
            {t('registry.householdOf', { name: household.headName })}
          </Typography.Title>
          <StatusTag status={household.status} />
          <Tag>{enumText(HOUSEHOLD_ATTRIBUTES, household.attribute)}</Tag>
          <Tag color="orange">{enumText(POVERTY_CAUSES, household.mainCause)}</Tag>
          <Typography.Text type="secondary" className="mono">
            {household.householdNo}
          </Typography.Text>
          {masked ? <Tag>{t('registry.masked')}</Tag> : null}
        </Space>
      }
      extra={
        <Space>
          <Button icon={<ReloadOutlined />} aria-label={t('common.refresh')} onClick={() => void reload()} />
          {can('registry.write') ? (
            <Button
              type="primary"
              icon={<EditOutlined />}
              data-testid="household-edit"
              onClick={() => void navigate(`/households/${household.key}/edit`)}
            >
              {t('registry.edit')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Tabs
        activeKey={tab}
        onChange={(next) => setParams(next === 'basic' ? {} : { tab: next }, { replace: true })}
        items={[
          { key: 'basic', label: t('registry.tab.basic'), children: <HouseholdFacts household={household} /> },
          {
            key: 'members',
            label: `${t('registry.tab.members')} (${household.members.length})`,
            children: <MembersTable members={household.members} />,
          },
          { key: 'living', label: t('registry.tab.living'), children: <LivingFacts household={household} /> },
          { key: 'income', label: t('registry.tab.income'), children: <IncomeTable incomes={household.incomes} /> },
          ...(can('assistance.read')
            ? [
                {
                  key: 'helpers',
                  label: t('assist.hh.tab'),
                  children: <HouseholdHelpersTab householdKey={household.key} villageCode={household.villageCode} />,
                },
                {
                  key: 'plan',
                  label: t('plans.tab.plan'),
                  children: <PlanTab householdKey={household.key} mainCause={household.mainCause} />,
                },
                {
                  key: 'measures',
                  label: t('plans.tab.measures'),
                  children: <MeasuresTab householdKey={household.key} members={household.members} />,
                },
                { key: 'visits', label: t('plans.tab.visits'), children: <VisitsTab householdKey={household.key} /> },
              ]
            : []),
          {
            key: 'history',
            label: t('registry.tab.history'),
            children: <HistoryTab household={household} onChanged={() => void reload()} />,
          },
        ]}
      />
    </Card>
  );
}

import { SaveOutlined } from '@ant-design/icons';
import { chinaDate, type IsoDate } from '@fupin/domain';
import { App, Button, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/client';
import {
  createHousehold,
  currentVersionOf,
  fetchHousehold,
  updateHousehold,
  type HouseholdDetail,
  type WriteResult,
} from '../../api/registry';
import { useCurrentUser } from '../../auth/AuthProvider';
import { formatPath } from '../../format';
import { useNotifyError } from '../../hooks/useErrorText';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';
import { ApiErrorPage, ErrorPage } from '../errors/ErrorPage';
import { fromDetail } from './formFromDetail';
import { defaultVillage, emptyForm, toWrite } from './householdForm';
import { HouseholdFormCards } from './HouseholdFormCards';
import { useHouseholdForm } from './useHouseholdForm';
import { VersionConflictAlert } from './VersionConflictAlert';

/** The save bar stays in view at the bottom of the long form. */
const FOOTER_STYLE = {
  position: 'sticky',
  bottom: 0,
  zIndex: 5,
  display: 'flex',
  flexWrap: 'wrap',
  alignItems: 'center',
  gap: 8,
  padding: '12px 16px',
  background: '#fff',
  borderTop: '1px solid #f0f0f0',
  boxShadow: '0 -2px 8px rgba(0, 0, 0, 0.06)',
} as const;

interface EditorProps {
  /** The stored household being edited; absent when registering a new one. */
  household?: HouseholdDetail;
  asOf: IsoDate;
  /** Replaces the stored household the form starts from (after "reload the latest"). */
  onReloaded?: (latest: HouseholdDetail) => void;
}

/** Registers or edits a household: live checks per field, server findings mapped back, version conflicts. */
function HouseholdEditor({ household, asOf, onReloaded }: EditorProps) {
  const { t, locale } = useI18n();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message, notification } = App.useApp();
  const notifyError = useNotifyError();
  const thisYear = Number(asOf.slice(0, 4));
  const state = useHouseholdForm(
    () => (household ? fromDetail(household, thisYear - 1) : emptyForm(defaultVillage(user.regionCode), thisYear - 1)),
    asOf,
  );
  const { values, errors, warnings, submitted } = state;
  const [saving, setSaving] = useState(false);
  const [version, setVersion] = useState(household?.version);
  const [conflict, setConflict] = useState<{ current: number | undefined } | undefined>(undefined);

  const afterSave = (result: WriteResult, name: string) => {
    void message.success(household ? t('registry.form.saved') : t('registry.form.created', { name }));
    if (result.warnings.length > 0) {
      notification.warning({
        title: t('registry.form.savedWarnings'),
        description: result.warnings.map((issue) => issue.message[locale]).join('；'),
      });
    }
    void navigate(`/households/${result.key}`);
  };

  const save = async () => {
    if (!state.readyToSave()) return;
    const sent = values;
    const write = toWrite(sent);
    const name = write.household.members.find((m) => m.relation === '户主')?.name ?? '';
    setSaving(true);
    try {
      const result =
        household && version !== undefined
          ? await updateHousehold(household.key, write, version)
          : await createHousehold(write);
      afterSave(result, name);
    } catch (error) {
      if (state.showRefusal(error, sent)) return;
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') {
        setConflict({ current: currentVersionOf(error) });
        window.scrollTo({ top: 0, behavior: 'smooth' });
      } else {
        notifyError(error);
      }
    } finally {
      setSaving(false);
    }
  };

  /** Latest stored record, for the two ways out of a version conflict. */
  const latest = async (): Promise<HouseholdDetail | undefined> => {
    if (!household) return undefined;
    try {
      return await fetchHousehold(household.key);
    } catch (error) {
      notifyError(error);
      return undefined;
    }
  };

  const conflictNotice = conflict ? (
    <VersionConflictAlert
      current={conflict.current}
      onReload={async () => {
        const fresh = await latest();
        if (fresh) onReloaded?.(fresh);
      }}
      onKeep={async () => {
        const fresh = await latest();
        if (!fresh) return;
        setVersion(fresh.version);
        setConflict(undefined);
        void message.info(t('registry.conflict.kept', { version: fresh.version }));
      }}
    />
  ) : null;

  const saveBar = (
    <div style={FOOTER_STYLE}>
      {warnings.length > 0 ? (
        <Typography.Text type="warning">{t('registry.form.warnings', { n: warnings.length })}</Typography.Text>
      ) : null}
      {submitted && errors.length > 0 ? (
        <Typography.Text type="danger">{t('registry.form.fixErrors', { n: errors.length })}</Typography.Text>
      ) : null}
      <div style={{ flex: 1 }} />
      <Button onClick={() => void navigate(household ? `/households/${household.key}` : '/households')}>
        {t('common.cancel')}
      </Button>
      <Button
        type="primary"
        icon={<SaveOutlined />}
        loading={saving}
        data-testid="household-save"
        onClick={() => void save()}
      >
        {t('common.save')}
      </Button>
    </div>
  );

  return (
    <HouseholdFormCards
      state={state}
      villageName={household ? formatPath(household.path.slice(-3)) : undefined}
      maxYear={thisYear}
      showAll={household !== undefined}
      header={conflictNotice}
      footer={saveBar}
      data-testid="household-form"
    />
  );
}

/** `/households/new` — registers a household in a village of the user's scope. */
export function HouseholdNewPage() {
  const { t } = useI18n();
  const [asOf] = useState(() => chinaDate(new Date()));
  usePageMeta([{ title: t('registry.title'), to: '/households' }, { title: t('registry.new') }]);
  return (
    <>
      <Typography.Title level={4} data-testid="household-form-title">
        {t('registry.form.newTitle')}
      </Typography.Title>
      <HouseholdEditor asOf={asOf} />
    </>
  );
}

/** `/households/:key/edit` — the form pre-filled; saving sends the version it started from. */
export function HouseholdEditPage() {
  const { key = '' } = useParams();
  const { t } = useI18n();
  const [asOf] = useState(() => chinaDate(new Date()));
  const valid = /^\d{6}-\d{1,18}$/.test(key);
  const { data, error, loading, setData } = useQuery(
    (signal) => (valid ? fetchHousehold(key, signal) : Promise.resolve(undefined)),
    [key, valid],
  );
  const household = data && data.key === key ? data : undefined;
  const name = household ? t('registry.householdOf', { name: household.headName }) : key;
  usePageMeta([
    { title: t('registry.title'), to: '/households' },
    { title: name, to: `/households/${key}` },
    { title: t('registry.edit') },
  ]);
  if (!valid) return <ErrorPage status={404} />;
  if (error && !loading) return <ApiErrorPage error={error} />;
  if (!household) return <Skeleton active paragraph={{ rows: 12 }} />;
  return (
    <>
      <Typography.Title level={4} data-testid="household-form-title">
        {t('registry.form.editTitle', { name: household.headName })}
      </Typography.Title>
      {/* A reloaded record starts a fresh form (its own initial values and version). */}
      <HouseholdEditor key={household.version} household={household} asOf={asOf} onReloaded={setData} />
    </>
  );
}

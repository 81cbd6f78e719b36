import { SendOutlined } from '@ant-design/icons';
import { chinaDate } from '@fupin/domain';
import { Alert, App, Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { applyForIdentification } from '../../api/identification';
import { useCurrentUser } from '../../auth/AuthProvider';
import { useNotifyError } from '../../hooks/useErrorText';
import { useI18n } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';
import { defaultVillage, emptyForm, toWrite } from '../registry/householdForm';
import { HouseholdFormCards } from '../registry/HouseholdFormCards';
import { useHouseholdForm } from '../registry/useHouseholdForm';

/**
 * `/identification/new` — a household applies (农户申请): the registry's registration form and
 * its checks, sent to the identification workflow instead of straight into the registry.
 */
export function ApplicationPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  usePageMeta([{ title: t('ident.title'), to: '/identification' }, { title: t('ident.apply.title') }]);
  const [asOf] = useState(() => chinaDate(new Date()));
  const thisYear = Number(asOf.slice(0, 4));
  const state = useHouseholdForm(() => emptyForm(defaultVillage(user.regionCode), thisYear - 1), asOf);
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    if (!state.readyToSave()) return;
    const sent = state.values;
    setSaving(true);
    try {
      const created = await applyForIdentification(toWrite(sent));
      void message.success(t('ident.apply.created', { name: created.applicantName }));
      void navigate(`/identification/${created.key}`);
    } catch (caught) {
      if (!state.showRefusal(caught, sent)) notifyError(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Typography.Title level={4} data-testid="ident-apply-title">
        {t('ident.apply.title')}
      </Typography.Title>
      <HouseholdFormCards
        state={state}
        maxYear={thisYear}
        data-testid="ident-apply-form"
        header={<Alert type="info" showIcon className="block-alert" title={t('ident.apply.hint')} />}
        footer={
          <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
            <Button onClick={() => void navigate('/identification')}>{t('common.cancel')}</Button>
            <Button
              type="primary"
              icon={<SendOutlined />}
              loading={saving}
              onClick={() => void submit()}
              data-testid="ident-apply-submit"
            >
              {t('ident.apply.submit')}
            </Button>
          </Space>
        }
      />
    </>
  );
}

import {
  COVERAGE_LABELS,
  UNIT_KIND_LABELS,
  UNIT_LEVEL_LABELS,
  type HouseholdCoverage,
  type UnitKind,
  type UnitLevel,
  type VillageCoverage,
} from '@fupin/domain';
import { Alert, Form, Modal, Select } from 'antd';
import type { FormInstance, FormProps } from 'antd';
import { useState, type ReactNode } from 'react';
import { fetchCadres, fetchUnits } from '../../api/assistance';
import { useErrorText } from '../../hooks/useErrorText';
import { useSave } from '../../hooks/useSave';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';

// Pickers, labels and the modal form shared by the assistance pages.

/** Labels of unit kinds, levels and coverage figures in the current language. */
export function useAssistanceLabels() {
  const { locale } = useI18n();
  return {
    kind: (k: UnitKind) => UNIT_KIND_LABELS[k][locale],
    level: (l: UnitLevel) => UNIT_LEVEL_LABELS[l][locale],
    coverage: (c: VillageCoverage | HouseholdCoverage) => COVERAGE_LABELS[c][locale],
  };
}

/** Picks one cadre who may serve `regionCode` (searches by name or phone). */
export function CadreSelect({
  regionCode,
  value,
  onChange,
  testId,
}: {
  regionCode: string;
  value?: string;
  onChange?: (id: string | undefined) => void;
  testId?: string;
}) {
  const [q, setQ] = useState('');
  const cadres = useQuery(
    (signal) => fetchCadres({ regionCode, q: q || undefined, active: true, limit: 50 }, signal),
    [regionCode, q],
  );
  return (
    <Select
      showSearch={{ filterOption: false, onSearch: setQ }}
      allowClear
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      loading={cadres.loading}
      data-testid={testId}
      options={(cadres.data?.items ?? []).map((c) => ({
        value: c.id,
        label: `${c.name} · ${c.unitName}${c.phone ? ` · ${c.phone}` : ''}`,
      }))}
    />
  );
}

/** Picks units visible from `regionCode` (its own and those of the regions above), optionally of one kind. */
export function UnitSelect({
  regionCode,
  kind,
  multiple,
  value,
  onChange,
  testId,
}: {
  regionCode: string;
  kind?: UnitKind;
  multiple?: boolean;
  value?: string | string[];
  onChange?: (v: string | string[] | undefined) => void;
  testId?: string;
}) {
  const units = useQuery((signal) => fetchUnits({ regionCode, kind, limit: 500 }, signal), [regionCode, kind]);
  return (
    <Select
      mode={multiple ? 'multiple' : undefined}
      showSearch={{ optionFilterProp: 'label' }}
      allowClear
      value={value}
      onChange={(v: string | string[] | undefined) => onChange?.(v)}
      loading={units.loading}
      data-testid={testId}
      options={(units.data?.items ?? [])
        .filter((u) => u.active)
        .map((u) => ({ value: u.id, label: `${u.name}（${u.regionName}）` }))}
    />
  );
}

/**
 * A modal form: `write` sends the values; a refused save shows its error above the form, a
 * successful one calls `onSaved` with what `write` answered. `showSaving` spins the OK button meanwhile.
 */
export function FormModal<T, R>({
  title,
  form,
  write,
  onClose,
  onSaved,
  initialValues,
  showSaving,
  children,
}: {
  title: string;
  form: FormInstance<T>;
  write: (values: T) => Promise<R>;
  onClose: () => void;
  onSaved: (result: R) => void;
  initialValues?: FormProps<T>['initialValues'];
  showSaving?: boolean;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { saving, error, save } = useSave(write, onSaved);
  return (
    <Modal
      open
      title={title}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('assist.save')}
      confirmLoading={showSaving ? saving : undefined}
    >
      <FormError error={error} />
      <Form<T> form={form} layout="vertical" initialValues={initialValues} onFinish={(values) => void save(values)}>
        {children}
      </Form>
    </Modal>
  );
}

/** A save error shown in a form, in the user's language. */
export function FormError({ error }: { error: unknown }) {
  const errorText = useErrorText();
  return error ? (
    <Alert
      type="error"
      showIcon
      title={errorText(error)}
      style={{ marginBottom: 16 }}
      data-testid="assist-form-error"
    />
  ) : null;
}

/** Percentage text of n / total (— when total is 0). */
export function rate(n: number, total: number): string {
  return total === 0 ? '—' : `${((100 * n) / total).toFixed(1)}%`;
}

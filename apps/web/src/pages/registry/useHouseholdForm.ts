import { parseIdentityNumber, type IsoDate } from '@fupin/domain';
import { App, Form, type FormInstance } from 'antd';
import { useCallback, useState } from 'react';
import { conflictingIdsOf, recordIssuesOf, type RecordIssue } from '../../api/registry';
import { useErrorText } from '../../hooks/useErrorText';
import { useI18n } from '../../i18n';
import { issuePath, type HouseholdFormValues } from './householdForm';
import { useRecordChecks, type RecordChecks } from './recordChecks';

/** A registration form's state, shared by every page that registers or edits a household. */
export interface HouseholdFormState {
  form: FormInstance<HouseholdFormValues>;
  initial: HouseholdFormValues;
  /** The values as they stand (re-read on every change). */
  values: HouseholdFormValues;
  checks: RecordChecks;
  errors: RecordIssue[];
  warnings: RecordIssue[];
  /** Set once the user tried to save: from then on every finding shows, touched or not. */
  submitted: boolean;
  /** Re-reads the values after a change the form does not report (adding or removing a member). */
  sync: () => void;
  /** The Form's `onValuesChange`: fills birth date and sex from an ID number, then re-reads. */
  onValuesChange: (changed: Partial<HouseholdFormValues>) => void;
  /** Marks the form submitted; when errors remain, says so, scrolls to the first and returns false. */
  readyToSave: () => boolean;
  /** Maps a refused save (422 issues, 409 ID conflict) onto the fields; false for other errors. */
  showRefusal: (error: unknown, sent: HouseholdFormValues) => boolean;
}

/** The form instance, live checks, ID read-out and refusal mapping of a registration form. */
export function useHouseholdForm(initialValues: () => HouseholdFormValues, asOf: IsoDate): HouseholdFormState {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<HouseholdFormValues>();
  const [initial] = useState(initialValues);
  const [values, setValues] = useState<HouseholdFormValues>(initial);
  const [submitted, setSubmitted] = useState(false);
  const checks = useRecordChecks(values, asOf);
  const errors = checks.issues.filter((issue) => issue.severity === 'error');
  const warnings = checks.issues.filter((issue) => issue.severity === 'warning');

  const sync = useCallback(() => {
    // rc-field-form types the whole store loosely; its shape is the one this form declares.
    const all: HouseholdFormValues = form.getFieldsValue(true);
    setValues({ ...all, members: all.members ?? [] });
  }, [form]);

  /** Birth date and sex follow from a readable ID number (GB 11643), so they are filled in. */
  const onValuesChange = (changed: Partial<HouseholdFormValues>) => {
    changed.members?.forEach((member, index) => {
      if (typeof member?.idNumber !== 'string') return;
      const parsed = parseIdentityNumber(member.idNumber, { asOf });
      if (!parsed.ok) return;
      form.setFieldValue(['members', index, 'birthDate'], parsed.value.id.birthDate);
      form.setFieldValue(['members', index, 'sex'], parsed.value.id.sex);
    });
    sync();
  };

  const readyToSave = () => {
    setSubmitted(true);
    const first = errors[0];
    if (!first) return true;
    void message.error(t('registry.form.fixErrors', { n: errors.length }));
    form.scrollToField(issuePath(first.field), { block: 'center' });
    return false;
  };

  const showRefusal = (error: unknown, sent: HouseholdFormValues) => {
    const found = recordIssuesOf(error);
    if (found.length > 0) {
      checks.rememberServerIssues(found, sent);
      void message.error(t('registry.form.serverRejected'));
      return true;
    }
    const ids = conflictingIdsOf(error);
    if (ids.length > 0) {
      checks.rememberConflicts(ids);
      void message.error(errorText(error));
      return true;
    }
    return false;
  };

  return {
    form,
    initial,
    values,
    checks,
    errors,
    warnings,
    submitted,
    sync,
    onValuesChange,
    readyToSave,
    showRefusal,
  };
}

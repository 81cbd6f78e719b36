import { PASSWORD_MIN_LENGTH, isStrongPassword } from '@fupin/domain';
import type { FormRule } from 'antd';
import type { Translate } from '../i18n';

/** Form rules for a new password: the same check the server applies (packages/domain). */
export function newPasswordRules(t: Translate): FormRule[] {
  return [
    { required: true, message: t('password.required') },
    {
      validator: async (_rule, value: unknown) => {
        if (typeof value !== 'string' || value === '' || isStrongPassword(value)) return;
        throw new Error(t('password.weak', { min: PASSWORD_MIN_LENGTH }));
      },
    },
  ];
}

/** Rules for "confirm password": must equal the field `field`. */
export function confirmPasswordRules(t: Translate, field: string): FormRule[] {
  return [
    { required: true, message: t('password.required') },
    ({ getFieldValue }) => ({
      validator: async (_rule, value: unknown) => {
        if (!value || getFieldValue(field) === value) return;
        throw new Error(t('password.mismatch'));
      },
    }),
  ];
}

/** The hint shown under password fields. */
export function passwordHint(t: Translate): string {
  return t('password.rule', { min: PASSWORD_MIN_LENGTH });
}

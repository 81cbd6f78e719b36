import { ROLE_REGION_LEVELS, ROLES, isRole, levelOfCode, roleFitsLevel, type Role } from '@fupin/domain';
import { App, Form, Input, Modal, Select, type FormRule } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { createUser, updateUser } from '../../api/users';
import type { User } from '../../api/types';
import { RegionPicker } from '../../components/RegionPicker';
import { confirmPasswordRules, newPasswordRules, passwordHint } from '../../components/passwordRules';
import { useErrorText } from '../../hooks/useErrorText';
import { useI18n, type Translate } from '../../i18n';
import { levelLabel, roleLabel } from '../../i18n/labels';

/** User names the platform accepts (kept loose; the server has the final word). */
const USERNAME_PATTERN = /^[A-Za-z0-9_.-]{3,32}$/;

interface UserForm {
  username: string;
  displayName: string;
  password: string;
  confirm: string;
  role: Role;
  regionCode: string;
}

export interface UserFormModalProps {
  open: boolean;
  /** The user to edit; absent to create one. */
  user?: User;
  onClose: () => void;
  onSaved: (user: User) => void;
}

/** Creates a user (all fields) or edits one (name and role). */
export function UserFormModal({ open, user, onClose, onSaved }: UserFormModalProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<UserForm>();
  const [saving, setSaving] = useState(false);
  const editing = user !== undefined;

  const submit = async () => {
    const values = await form.validateFields();
    setSaving(true);
    try {
      const saved = user
        ? await updateUser(user.id, { displayName: values.displayName, role: values.role })
        : await createUser({
            username: values.username.trim(),
            displayName: values.displayName.trim(),
            password: values.password,
            role: values.role,
            regionCode: values.regionCode,
          });
      void message.success(editing ? t('users.saved') : t('users.created'));
      onSaved(saved);
    } catch (error) {
      const field = fieldOf(error);
      if (field) form.setFields([{ name: field, errors: [errorText(error)] }]);
      else void message.error(errorText(error));
    } finally {
      setSaving(false);
    }
  };

  const roleOptions = ROLES.map((role) => ({ value: role, label: roleLabel(locale, role) }));
  return (
    <Modal
      open={open}
      title={user ? t('users.editTitle', { name: user.displayName }) : t('users.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        autoComplete="off"
        preserve={false}
        initialValues={user ? { displayName: user.displayName, role: user.role } : undefined}
        data-testid="user-form"
      >
        {editing ? null : (
          <Form.Item
            name="username"
            label={t('users.username')}
            extra={t('users.usernameRule')}
            rules={[
              { required: true, message: t('users.usernameRequired') },
              { pattern: USERNAME_PATTERN, message: t('users.usernameRule') },
            ]}
          >
            <Input autoComplete="off" data-testid="user-username" />
          </Form.Item>
        )}
        <Form.Item
          name="displayName"
          label={t('users.displayName')}
          rules={[{ required: true, whitespace: true, max: 50, message: t('users.displayNameRequired') }]}
        >
          <Input data-testid="user-display-name" />
        </Form.Item>
        <Form.Item
          name="role"
          label={t('users.role')}
          rules={[
            { required: true, message: t('users.roleRequired') },
            ...(user ? [roleRegionRule(t, user.regionCode)] : []),
          ]}
        >
          <Select options={roleOptions} data-testid="user-role" />
        </Form.Item>
        {editing ? null : (
          <>
            <Form.Item
              name="regionCode"
              label={t('users.region')}
              extra={t('users.regionHint')}
              dependencies={['role']}
              rules={[{ required: true, message: t('users.regionRequired') }, roleRegionRule(t, undefined)]}
            >
              <RegionPicker placeholder={t('users.regionRequired')} data-testid="user-region" />
            </Form.Item>
            <Form.Item name="password" label={t('password.new')} rules={newPasswordRules(t)} extra={passwordHint(t)}>
              <Input.Password autoComplete="new-password" data-testid="user-password" />
            </Form.Item>
            <Form.Item
              name="confirm"
              label={t('password.confirm')}
              dependencies={['password']}
              rules={confirmPasswordRules(t, 'password')}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </>
        )}
      </Form>
    </Modal>
  );
}

/**
 * Rule tying role and home region: a county officer needs a county, etc.
 * (`roleFitsLevel` in @fupin/domain, the same check the server makes).
 */
function roleRegionRule(t: Translate, fixedRegion: string | undefined): FormRule {
  return ({ getFieldValue }) => ({
    validator: async () => {
      const role: unknown = getFieldValue('role');
      const region: unknown = fixedRegion ?? getFieldValue('regionCode');
      if (typeof role !== 'string' || !isRole(role) || typeof region !== 'string') return;
      const level = levelOfCode(region);
      if (!level || roleFitsLevel(role, level)) return;
      const levels = (ROLE_REGION_LEVELS[role] ?? []).map((allowed) => levelLabel(t, allowed)).join(' / ');
      throw new Error(t('users.roleLevelMismatch', { levels }));
    },
  });
}

/** The form field an API error belongs to, if any. */
function fieldOf(error: unknown): keyof UserForm | undefined {
  if (!(error instanceof ApiError)) return undefined;
  switch (error.code) {
    case 'USERNAME_TAKEN':
      return 'username';
    case 'WEAK_PASSWORD':
      return 'password';
    case 'OUT_OF_SCOPE':
      return 'regionCode';
    default:
      return undefined;
  }
}

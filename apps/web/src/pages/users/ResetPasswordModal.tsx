import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { updateUser } from '../../api/users';
import type { User } from '../../api/types';
import { confirmPasswordRules, newPasswordRules, passwordHint } from '../../components/passwordRules';
import { useErrorText } from '../../hooks/useErrorText';
import { useI18n } from '../../i18n';

interface ResetForm {
  password: string;
  confirm: string;
}

/** An administrator sets a new password for a user. */
export function ResetPasswordModal({ user, onClose }: { user: User | undefined; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [form] = Form.useForm<ResetForm>();
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    if (!user) return;
    const values = await form.validateFields();
    setSaving(true);
    try {
      await updateUser(user.id, { password: values.password });
      void message.success(t('users.resetDone'));
      onClose();
    } catch (error) {
      form.setFields([{ name: 'password', errors: [errorText(error)] }]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={user !== undefined}
      title={user ? t('users.resetTitle', { name: user.displayName }) : ''}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" autoComplete="off">
        <Form.Item name="password" label={t('password.new')} rules={newPasswordRules(t)} extra={passwordHint(t)}>
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('password.confirm')}
          dependencies={['password']}
          rules={confirmPasswordRules(t, 'password')}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

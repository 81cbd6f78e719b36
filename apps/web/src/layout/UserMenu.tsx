import { DownOutlined, KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App, Avatar, Dropdown, Grid, Space, Typography } from 'antd';
import type { MenuProps } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useAuth, useCurrentUser } from '../auth/AuthProvider';
import { formatPath } from '../format';
import { useNotifyError } from '../hooks/useErrorText';
import { useI18n } from '../i18n';
import { roleLabel } from '../i18n/labels';
import { ChangePasswordModal } from './ChangePasswordModal';

/** Name, role and region of the signed-in user, with password change and logout. */
export function UserMenu() {
  const { t, locale } = useI18n();
  const user = useCurrentUser();
  const { logout } = useAuth();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const [passwordOpen, setPasswordOpen] = useState(false);

  const doLogout = async () => {
    try {
      await logout();
      void message.success(t('user.loggedOut'));
    } catch (error) {
      notifyError(error);
    }
    void navigate('/login', { replace: true });
  };

  const items: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      className: 'user-menu-card',
      label: (
        <div className="user-menu-info">
          <Typography.Text strong>{user.displayName}</Typography.Text>
          <Typography.Text type="secondary">@{user.username}</Typography.Text>
          <span>{t('user.roleIs', { role: roleLabel(locale, user.role) })}</span>
          <span>{t('user.regionIs', { region: user.regionPath ? formatPath(user.regionPath) : user.regionName })}</span>
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'password', icon: <KeyOutlined />, label: t('user.changePassword') },
    {
      key: 'logout',
      icon: <LogoutOutlined />,
      danger: true,
      label: <span data-testid="logout">{t('user.logout')}</span>,
    },
  ];

  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') setPasswordOpen(true);
    if (key === 'logout') void doLogout();
  };

  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
        <button type="button" className="header-user" aria-label={t('user.menu')} data-testid="user-menu">
          <Space size={8}>
            <Avatar size="small" icon={<UserOutlined />} className="header-avatar" />
            {screens.sm ? (
              <span className="header-user-text">
                <span className="header-user-name">{user.displayName}</span>
                <span className="header-user-role">
                  {roleLabel(locale, user.role)} · {user.regionName}
                </span>
              </span>
            ) : null}
            <DownOutlined className="header-user-caret" />
          </Space>
        </button>
      </Dropdown>
      <ChangePasswordModal open={passwordOpen} onClose={() => setPasswordOpen(false)} />
    </>
  );
}

import { HistoryOutlined, KeyOutlined, PlusOutlined, ReloadOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Input, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { updateUser, fetchUsers } from '../../api/users';
import type { User } from '../../api/types';
import { useAuth, useCurrentUser } from '../../auth/AuthProvider';
import { RecordHistory } from '../../components/RecordHistory';
import { RegionPicker } from '../../components/RegionPicker';
import { formatDateTime, formatPath } from '../../format';
import { useDebouncedValue } from '../../hooks/useDebouncedValue';
import { useErrorText, useNotifyError } from '../../hooks/useErrorText';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { roleLabel } from '../../i18n/labels';
import { usePageMeta } from '../../layout/PageMeta';
import { ResetPasswordModal } from './ResetPasswordModal';
import { UserFormModal } from './UserFormModal';
import { rowTestId } from '../../components/testIds';

const PAGE_SIZE = 20;

/** The audit entity name of users (see the server's audit writer). */
const USER_ENTITY = 'user';

/** `/users` — users in the caller's scope: search, create, edit, enable/disable, reset password. */
export function UsersPage() {
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const me = useCurrentUser();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const notifyError = useNotifyError();
  const manage = can('users.manage');
  usePageMeta([{ title: t('users.title') }]);

  const [search, setSearch] = useState('');
  const [regionCode, setRegionCode] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const q = useDebouncedValue(search.trim(), 300);
  const { data, error, loading, reload } = useQuery(
    (signal) => fetchUsers({ q, regionCode, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }, signal),
    [q, regionCode, page],
  );

  const [formOpen, setFormOpen] = useState(false);
  const [editing, setEditing] = useState<User | undefined>(undefined);
  const [resetting, setResetting] = useState<User | undefined>(undefined);
  const [history, setHistory] = useState<User | undefined>(undefined);
  const [busyId, setBusyId] = useState<string | undefined>(undefined);

  const toggle = async (user: User) => {
    setBusyId(user.id);
    try {
      await updateUser(user.id, { disabled: !user.disabled });
      void message.success(user.disabled ? t('users.enabledDone') : t('users.disabledDone'));
      await reload();
    } catch (caught) {
      notifyError(caught);
    } finally {
      setBusyId(undefined);
    }
  };

  const columns: TableColumnsType<User> = [
    {
      key: 'username',
      title: t('users.username'),
      render: (_: unknown, user) => (
        <Space size={4}>
          <Typography.Text strong className="mono">
            {user.username}
          </Typography.Text>
          {user.id === me.id ? <Tag color="blue">{t('users.self')}</Tag> : null}
        </Space>
      ),
    },
    { key: 'displayName', title: t('users.displayName'), dataIndex: 'displayName' },
    {
      key: 'role',
      title: t('users.role'),
      render: (_: unknown, user) => (
        <Tag color={user.role === 'admin' ? 'red' : 'default'}>{roleLabel(locale, user.role)}</Tag>
      ),
    },
    {
      key: 'region',
      title: t('users.region'),
      responsive: ['md'],
      render: (_: unknown, user) => (
        <span title={user.regionPath ? formatPath(user.regionPath) : user.regionCode}>{user.regionName}</span>
      ),
    },
    {
      key: 'lastLoginAt',
      title: t('users.lastLogin'),
      responsive: ['lg'],
      render: (_: unknown, user) => <span className="nowrap">{formatDateTime(user.lastLoginAt)}</span>,
    },
    {
      key: 'status',
      title: t('users.status'),
      render: (_: unknown, user) =>
        user.disabled ? <Tag>{t('users.disabled')}</Tag> : <Tag color="green">{t('users.enabled')}</Tag>,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_: unknown, user) => (
        <Space size={0} wrap>
          {manage ? (
            <Button
              type="link"
              size="small"
              icon={<EditOutlined />}
              onClick={() => {
                setEditing(user);
                setFormOpen(true);
              }}
            >
              {t('users.edit')}
            </Button>
          ) : null}
          {manage && user.id !== me.id ? (
            <Popconfirm
              title={
                user.disabled
                  ? t('users.confirmEnable', { name: user.displayName })
                  : t('users.confirmDisable', { name: user.displayName })
              }
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={() => toggle(user)}
            >
              <Button type="link" size="small" danger={!user.disabled} loading={busyId === user.id}>
                {user.disabled ? t('users.enable') : t('users.disable')}
              </Button>
            </Popconfirm>
          ) : null}
          {manage ? (
            <Button type="link" size="small" icon={<KeyOutlined />} onClick={() => setResetting(user)}>
              {t('users.resetPassword')}
            </Button>
          ) : null}
          {can('audit.read') ? (
            <Button
              type="link"
              size="small"
              icon={<HistoryOutlined />}
              data-testid={`user-history-${user.username}`}
              onClick={() => setHistory(user)}
            >
              {t('common.history')}
            </Button>
          ) : null}
        </Space>
      ),
    },
  ];

  const filtered = q !== '' || regionCode !== undefined;
  return (
    <Card
      title={t('users.title')}
      extra={
        manage ? (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            data-testid="user-create"
            onClick={() => {
              setEditing(undefined);
              setFormOpen(true);
            }}
          >
            {t('users.create')}
          </Button>
        ) : null
      }
    >
      <Space wrap className="toolbar">
        <Input.Search
          allowClear
          value={search}
          placeholder={t('users.search')}
          aria-label={t('users.search')}
          style={{ width: 240 }}
          onChange={(event) => {
            setSearch(event.target.value);
            setPage(1);
          }}
        />
        <RegionPicker
          allowClear
          value={regionCode}
          placeholder={t('users.regionFilter')}
          style={{ width: 240 }}
          onChange={(code) => {
            setRegionCode(code);
            setPage(1);
          }}
        />
        <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
          {t('common.refresh')}
        </Button>
      </Space>
      {error ? <Alert type="error" showIcon title={errorText(error)} className="block-alert" /> : null}
      <Table<User>
        rowKey="id"
        loading={loading}
        columns={columns}
        dataSource={data?.items ?? []}
        scroll={{ x: 'max-content' }}
        onRow={(user) => rowTestId(`user-row-${user.username}`)}
        locale={{ emptyText: <Empty description={filtered ? t('users.emptySearch') : t('users.empty')} /> }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (total) => t('common.total', { total }),
          onChange: setPage,
        }}
      />
      <UserFormModal
        open={formOpen}
        user={editing}
        onClose={() => setFormOpen(false)}
        onSaved={() => {
          setFormOpen(false);
          void reload();
        }}
      />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(undefined)} />
      {history ? (
        <RecordHistory
          open
          entity={USER_ENTITY}
          entityId={history.id}
          title={t('users.historyTitle', { name: history.displayName })}
          onClose={() => setHistory(undefined)}
        />
      ) : null}
    </Card>
  );
}

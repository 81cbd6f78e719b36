import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import {
  createHouseholdLink,
  createPairing,
  endPairing,
  fetchHouseholdLinks,
  fetchPairings,
  type PairingView,
} from '../../api/assistance';
import { useAuth } from '../../auth/AuthProvider';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { ApiErrorPage } from '../errors/ErrorPage';
import { CadreSelect, FormError, UnitSelect } from './shared';

/** The household page's 帮扶责任人 tab: its pairings with pair and end actions, and its bank and insurer. */
export function HouseholdHelpersTab({ householdKey, villageCode }: { householdKey: string; villageCode: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const pairings = useQuery((signal) => fetchPairings({ householdKey }, signal), [householdKey]);
  const links = useQuery((signal) => fetchHouseholdLinks(householdKey, signal), [householdKey]);
  const [pairing, setPairing] = useState(false);
  const [ending, setEnding] = useState<PairingView | null>(null);
  const [linking, setLinking] = useState(false);
  const [error, setError] = useState<unknown>();
  const [pairForm] = Form.useForm<{ cadreId: string }>();
  const [endForm] = Form.useForm<{ reason: string }>();
  const [linkForm] = Form.useForm<{ kind: 'bank' | 'insurer'; unitId: string }>();
  const linkKind = Form.useWatch('kind', linkForm);
  if (pairings.error) return <ApiErrorPage error={pairings.error} />;
  const run = async (work: () => Promise<unknown>, close: () => void) => {
    setError(undefined);
    try {
      await work();
      close();
      void message.success(t('assist.saved'));
      void pairings.reload();
      void links.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const canPair = can('assistance.pair');
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('assist.hh.tab')}
        extra={
          canPair ? (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => {
                setError(undefined);
                setPairing(true);
              }}
              data-testid="pair-helper"
            >
              {t('assist.hh.pair')}
            </Button>
          ) : null
        }
      >
        <Table<PairingView>
          size="small"
          rowKey="key"
          data-testid="household-pairings"
          loading={pairings.loading}
          dataSource={pairings.data?.items ?? []}
          pagination={false}
          columns={[
            { key: 'helper', title: t('assist.hh.helper'), render: (_v, r) => `${r.cadreName} ${r.cadrePhone ?? ''}` },
            { key: 'unit', title: t('assist.hh.unit'), dataIndex: 'unitName' },
            {
              key: 'period',
              title: t('assist.hh.period'),
              render: (_v, r) => `${r.startOn} → ${r.endedOn ?? t('assist.hh.now')}`,
            },
            {
              key: 'status',
              title: '',
              render: (_v, r) =>
                r.endedOn ? <Tag>{r.endReason}</Tag> : <Tag color="green">{t('assist.status.active')}</Tag>,
            },
            {
              key: 'actions',
              title: '',
              render: (_v, r) =>
                canPair && !r.endedOn ? (
                  <Button
                    size="small"
                    onClick={() => {
                      setError(undefined);
                      setEnding(r);
                    }}
                  >
                    {t('assist.hh.end')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('assist.hh.links')}
        extra={
          canPair ? (
            <Button
              icon={<PlusOutlined />}
              onClick={() => {
                setError(undefined);
                setLinking(true);
              }}
            >
              {t('assist.hh.addLink')}
            </Button>
          ) : null
        }
      >
        {(links.data?.items ?? []).filter((l) => !l.endedOn).length === 0 ? (
          <Typography.Text type="secondary">{t('assist.empty')}</Typography.Text>
        ) : (
          <Space wrap>
            {(links.data?.items ?? [])
              .filter((l) => !l.endedOn)
              .map((l) => (
                <Tag key={l.key} color={l.kind === 'bank' ? 'blue' : 'purple'}>
                  {t(l.kind === 'bank' ? 'assist.link.kind.bank' : 'assist.link.kind.insurer')}：{l.unitName}
                </Tag>
              ))}
          </Space>
        )}
      </Card>
      <Modal
        open={pairing}
        title={t('assist.hh.pair')}
        onCancel={() => setPairing(false)}
        onOk={() => pairForm.submit()}
        okText={t('assist.save')}

        destroyOnHidden
      >
        <FormError error={error} />
        <Form
          form={pairForm}
          layout="vertical"
          onFinish={(v) =>
            void run(
              () => createPairing({ householdKey, cadreId: v.cadreId }),
              () => setPairing(false),
            )
          }
        >
          <Form.Item name="cadreId" label={t('assist.hh.helper')} rules={[{ required: true }]}>
            <CadreSelect regionCode={villageCode} testId="pair-cadre" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={ending !== null}
        title={t('assist.hh.end')}
        onCancel={() => setEnding(null)}
        onOk={() => endForm.submit()}
        okText={t('assist.save')}
        destroyOnHidden
      >
        <FormError error={error} />
        <Form
          form={endForm}
          layout="vertical"
          onFinish={(v) =>
            void run(
              () => (ending ? endPairing(ending.key, { reason: v.reason }) : Promise.resolve()),
              () => setEnding(null),
            )
          }
        >
          <Form.Item name="reason" label={t('assist.hh.endReason')} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={linking}
        title={t('assist.hh.addLink')}
        onCancel={() => setLinking(false)}
        onOk={() => linkForm.submit()}
        okText={t('assist.save')}
        destroyOnHidden
      >
        <FormError error={error} />
        <Form
          form={linkForm}
          layout="vertical"
          initialValues={{ kind: 'bank' }}
          onFinish={(v) =>
            void run(
              () => createHouseholdLink({ householdKey, ...v }),
              () => setLinking(false),
            )
          }
        >
          <Form.Item name="kind" label={t('assist.link.kind')} rules={[{ required: true }]}>
            <Select
              options={[
                { value: 'bank', label: t('assist.link.kind.bank') },
                { value: 'insurer', label: t('assist.link.kind.insurer') },
              ]}
            />
          </Form.Item>
          <Form.Item name="unitId" label={t('assist.org.unit')} rules={[{ required: true }]}>
            <UnitSelect regionCode={villageCode} kind={linkKind === 'insurer' ? 'insurer' : 'bank'} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

import { EnvironmentOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { MAX_PHOTO_BYTES, MAX_VISIT_PHOTOS, PHOTO_TYPES } from '@fupin/domain';
import {
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Image,
  Input,
  InputNumber,
  Skeleton,
  Space,
  Typography,
  Upload,
} from 'antd';
import type { UploadFile } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { fetchVisits, recordVisit } from '../../api/householdPlans';
import { useAuth } from '../../auth/AuthProvider';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { ApiErrorPage } from '../errors/ErrorPage';
import { CadreSelect, RecordModal } from './RecordModal';

const MB = MAX_PHOTO_BYTES / 1024 / 1024;

interface VisitForm {
  visitedOn: Dayjs;
  cadreId?: string | null;
  note: string;
  latitude?: number | null;
  longitude?: number | null;
}

function VisitModal({
  householdKey,
  onClose,
  onSaved,
}: {
  householdKey: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<VisitForm>();
  const [files, setFiles] = useState<UploadFile[]>([]);

  const write = (v: VisitForm) =>
    recordVisit(householdKey, {
      visitedOn: v.visitedOn.format('YYYY-MM-DD'),
      note: v.note,
      cadreId: v.cadreId ?? null,
      latitude: v.latitude ?? null,
      longitude: v.longitude ?? null,
      photos: files.flatMap((f) => (f.originFileObj ? [f.originFileObj] : [])),
    });

  const locate = () =>
    navigator.geolocation.getCurrentPosition((position) =>
      form.setFieldsValue({
        latitude: Number(position.coords.latitude.toFixed(6)),
        longitude: Number(position.coords.longitude.toFixed(6)),
      }),
    );

  return (
    <RecordModal<VisitForm>
      title={t('plans.visit.add')}
      okId="visit-save"
      form={form}
      savedText={t('plans.visit.saved')}
      write={write}
      onClose={onClose}
      onSaved={onSaved}
      initialValues={{ visitedOn: dayjs() }}
    >
      <Space size={16} wrap>
        <Form.Item name="visitedOn" label={t('plans.visit.date')} rules={[{ required: true }]}>
          <DatePicker disabledDate={(d) => d.isAfter(dayjs(), 'day')} data-testid="visit-date" />
        </Form.Item>
        <Form.Item name="cadreId" label={t('plans.visit.cadre')} style={{ minWidth: 260 }}>
          <CadreSelect householdKey={householdKey} placeholder={t('plans.visit.cadreSelf')} data-testid="visit-cadre" />
        </Form.Item>
      </Space>
      <Form.Item name="note" label={t('plans.visit.note')} rules={[{ required: true, whitespace: true, max: 2000 }]}>
        <Input.TextArea rows={4} maxLength={2000} showCount data-testid="visit-note" />
      </Form.Item>
      <Form.Item label={t('plans.visit.location')}>
        <Space wrap>
          <Form.Item name="latitude" noStyle>
            <InputNumber
              min={-90}
              max={90}
              precision={6}
              placeholder={t('plans.visit.latitude')}
              style={{ width: 150 }}
            />
          </Form.Item>
          <Form.Item name="longitude" noStyle>
            <InputNumber
              min={-180}
              max={180}
              precision={6}
              placeholder={t('plans.visit.longitude')}
              style={{ width: 150 }}
            />
          </Form.Item>
          {'geolocation' in navigator ? (
            <Button icon={<EnvironmentOutlined />} onClick={locate}>
              {t('plans.visit.locate')}
            </Button>
          ) : null}
        </Space>
      </Form.Item>
      <Form.Item label={t('plans.visit.photos')} extra={t('plans.visit.photosHint', { max: MAX_VISIT_PHOTOS, mb: MB })}>
        <Upload
          accept={PHOTO_TYPES.join(',')}
          listType="picture"
          multiple
          maxCount={MAX_VISIT_PHOTOS}
          fileList={files}
          data-testid="visit-photos"
          beforeUpload={(file) => {
            // Kept in the form and sent with the visit; checked here for a quick answer, again by the server.
            if (!(PHOTO_TYPES as readonly string[]).includes(file.type)) {
              void message.error(t('plans.visit.photoType', { name: file.name }));
              return Upload.LIST_IGNORE;
            }
            if (file.size > MAX_PHOTO_BYTES) {
              void message.error(t('plans.visit.photoTooLarge', { name: file.name, mb: MB }));
              return Upload.LIST_IGNORE;
            }
            return false;
          }}
          onChange={({ fileList }) => setFiles(fileList)}
        >
          <Button icon={<UploadOutlined />}>{t('plans.visit.photos')}</Button>
        </Upload>
      </Form.Item>
    </RecordModal>
  );
}

/** 走访记录: the helpers' visits, newest first, with photo thumbnails. */
export function VisitsTab({ householdKey }: { householdKey: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const visits = useQuery((signal) => fetchVisits(householdKey, signal), [householdKey]);
  const [adding, setAdding] = useState(false);

  if (visits.error && !visits.data) return <ApiErrorPage error={visits.error} />;
  if (!visits.data) return <Skeleton active paragraph={{ rows: 6 }} />;

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      {can('assistance.visit') ? (
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="visit-add">
          {t('plans.visit.add')}
        </Button>
      ) : null}
      {visits.data.length === 0 ? <Empty description={t('plans.visit.empty')} /> : null}
      {visits.data.map((v) => (
        <Card key={v.id} size="small" data-testid="visit-card" title={v.visitedOn}>
          <Space orientation="vertical" size={8} style={{ width: '100%' }}>
            <Typography.Text type="secondary">
              {t('plans.visit.by', { cadre: v.cadre?.name ?? '—', by: v.recordedBy })}
              {v.latitude !== null && v.longitude !== null ? ` · ${v.latitude}, ${v.longitude}` : ''}
            </Typography.Text>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{v.note}</Typography.Paragraph>
            {v.photos.length ? (
              <Image.PreviewGroup>
                <Space wrap size={8}>
                  {v.photos.map((p) => (
                    <Image
                      key={p.id}
                      src={p.url}
                      width={96}
                      height={96}
                      style={{ objectFit: 'cover', borderRadius: 4 }}
                      alt={t('plans.visit.photos')}
                      data-testid="visit-photo"
                    />
                  ))}
                </Space>
              </Image.PreviewGroup>
            ) : null}
          </Space>
        </Card>
      ))}
      {adding ? (
        <VisitModal
          householdKey={householdKey}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            void visits.reload();
          }}
        />
      ) : null}
    </Space>
  );
}

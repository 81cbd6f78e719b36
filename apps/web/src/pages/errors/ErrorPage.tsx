import { HomeOutlined, RollbackOutlined } from '@ant-design/icons';
import { Button, Result, Space, Typography } from 'antd';
import { isRouteErrorResponse, useNavigate, useRouteError } from 'react-router';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n';

export type ErrorStatus = 403 | 404 | 500;

export interface ErrorPageProps {
  status: ErrorStatus;
  /** The failure behind the page, to show its request ID. */
  error?: unknown;
}

/** Friendly 403 / 404 / 500 page with a way home. */
export function ErrorPage({ status, error }: ErrorPageProps) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  const extra = (
    <Space wrap>
      <Button type="primary" icon={<HomeOutlined />} onClick={() => void navigate('/')}>
        {t('common.backHome')}
      </Button>
      <Button icon={<RollbackOutlined />} onClick={() => void navigate(-1)}>
        {t('common.back')}
      </Button>
    </Space>
  );
  return (
    <div className="error-page" data-testid={`error-${status}`}>
      <Result
        status={status === 403 ? '403' : status === 404 ? '404' : '500'}
        title={t(`error.${status}.title`)}
        subTitle={
          <Space orientation="vertical" size={4}>
            <span>{t(`error.${status}.text`)}</span>
            {requestId ? (
              <Typography.Text type="secondary" copyable={{ text: requestId }}>
                {t('common.requestId')}: {requestId}
              </Typography.Text>
            ) : null}
          </Space>
        }
        extra={extra}
      />
    </div>
  );
}

/** The status page that fits an API error (403 scope/forbidden, 404, else 500). */
export function errorStatusOf(error: unknown): ErrorStatus {
  if (error instanceof ApiError) {
    if (error.status === 403 || error.code === 'OUT_OF_SCOPE' || error.code === 'FORBIDDEN') return 403;
    if (error.status === 404 || error.code === 'NOT_FOUND') return 404;
  }
  return 500;
}

/** Page for an API error, choosing 403 / 404 / 500 by its code. */
export function ApiErrorPage({ error }: { error: unknown }) {
  return <ErrorPage status={errorStatusOf(error)} error={error} />;
}

/** Router `errorElement`: a crash while rendering a route shows the 500 page. */
export function RouteErrorPage() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <ErrorPage status={404} />;
  return <ErrorPage status={500} error={error} />;
}

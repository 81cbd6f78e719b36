import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { LOGIN_LOCKOUT_MINUTES, LOGIN_MAX_FAILURES } from '@fupin/domain';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../api/client';
import { useAuth } from '../../auth/AuthProvider';
import { FullPageSpin } from '../../auth/RequireAuth';
import { useErrorText } from '../../hooks/useErrorText';
import { useI18n } from '../../i18n';
import { LanguageSwitch } from '../../layout/LanguageSwitch';

interface LoginForm {
  username: string;
  password: string;
}

/** Only same-site paths may follow a login (no open redirect). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** 精准扶贫管理平台 sign-in. */
export function LoginPage() {
  const { t, locale } = useI18n();
  const { status, login, expired } = useAuth();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<unknown>(undefined);
  const [submitting, setSubmitting] = useState(false);
  const next = safeNext(params.get('next'));

  if (status === 'loading') return <FullPageSpin />;
  if (status === 'authenticated') return <Navigate to={next} replace />;

  const submit = async (values: LoginForm) => {
    setSubmitting(true);
    setError(undefined);
    try {
      await login(values.username.trim(), values.password);
      void navigate(next, { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setSubmitting(false);
    }
  };

  const locked = error instanceof ApiError && error.code === 'ACCOUNT_LOCKED';
  return (
    <div className="login-page">
      <div className="login-lang">
        <LanguageSwitch className="login-lang-button" />
      </div>
      <div className="login-hero">
        <div className="login-emblem" aria-hidden>
          扶
        </div>
        <Typography.Title level={1} className="login-title">
          {t('app.brand')}
        </Typography.Title>
        {locale === 'en' ? <div className="login-title-en">{t('app.title')}</div> : null}
        <div className="login-subtitle">{t('app.subtitle')}</div>
        <div className="login-slogans">
          <span>{t('login.intro1')}</span>
          <span>{t('login.intro2')}</span>
        </div>
      </div>
      <Card className="login-card" title={t('login.heading')}>
        {expired && !error ? (
          <Alert className="login-alert" type="warning" showIcon title={t('login.sessionExpired')} />
        ) : null}
        {error ? (
          <Alert
            className="login-alert"
            data-testid="login-error"
            type={locked ? 'warning' : 'error'}
            showIcon
            title={locked ? t('login.lockedTitle') : t('login.failedTitle')}
            description={errorText(error)}
          />
        ) : null}
        <Form<LoginForm> layout="vertical" size="large" onFinish={(values) => void submit(values)} requiredMark={false}>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input
              prefix={<UserOutlined />}
              autoComplete="username"
              autoFocus
              data-testid="login-username"
              placeholder={t('login.username')}
            />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
            extra={t('login.attemptsHint', { max: LOGIN_MAX_FAILURES, minutes: LOGIN_LOCKOUT_MINUTES })}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="login-password"
              placeholder={t('login.password')}
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={submitting} data-testid="login-submit">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
      <div className="login-footer">{t('app.footer')}</div>
    </div>
  );
}

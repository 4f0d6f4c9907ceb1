// 实名验证: phone → SMS code, then code + real name + ID number → a citizen token.
// The client checks only the shape (friendly early hints); the server's checks and messages rule.
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { Alert, Button, Form, Input } from 'antd';
import { LockOutlined } from '@ant-design/icons';
import { publicApi, session } from '../../api';
import { useI18n } from '../../i18n';
import { PageTitle, errorText, safeNext } from './shared';

const PHONE_RE = /^1[3-9]\d{9}$/;
const ID_RE = /^\d{17}[\dXx]$/;

export default function Verify() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));

  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [fieldErr, setFieldErr] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [countdown, setCountdown] = useState(0);
  const [codeSent, setCodeSent] = useState(false);
  const codeRef = useRef<any>(null);

  useEffect(() => {
    if (countdown <= 0) return;
    const id = setTimeout(() => setCountdown((c) => c - 1), 1000);
    return () => clearTimeout(id);
  }, [countdown]);

  const phoneError = (p: string) => (PHONE_RE.test(p) ? null : t('citizen.verify.phoneInvalid'));

  const sendCode = async () => {
    const pe = phoneError(phone.trim());
    setFieldErr((f) => ({ ...f, phone: pe ?? '' }));
    setError(null);
    setInfo(null);
    if (pe) return;
    setSending(true);
    try {
      await publicApi.post('/api/citizen/otp', { phone: phone.trim() });
      setCountdown(60);
      setCodeSent(true);
      setInfo(t('citizen.verify.codeSent', { phone: phone.trim() }));
      setTimeout(() => codeRef.current?.focus?.(), 50);
    } catch (e) {
      setError(errorText(t, lang, e));
    } finally {
      setSending(false);
    }
  };

  const submit = async () => {
    const errs: Record<string, string> = {};
    const pe = phoneError(phone.trim());
    if (pe) errs.phone = pe;
    if (!/^\d{4,8}$/.test(code.trim())) errs.code = t('citizen.verify.codeInvalid');
    if (!name.trim()) errs.name = t('citizen.verify.nameRequired');
    if (!ID_RE.test(idNumber.trim())) errs.idNumber = t('citizen.verify.idInvalid');
    setFieldErr(errs);
    setError(null);
    if (Object.keys(errs).length) return;
    setSubmitting(true);
    try {
      // The server sets the session cookie; the token in the answer is for API clients, not kept here.
      await publicApi.post('/api/citizen/verify', {
        phone: phone.trim(), code: code.trim(), name: name.trim(), idNumber: idNumber.trim().toUpperCase(),
      });
      session.changed();
      navigate(next, { replace: true });
    } catch (e) {
      setError(errorText(t, lang, e));
    } finally {
      setSubmitting(false);
    }
  };

  const status = (k: string) => (fieldErr[k] ? 'error' as const : undefined);

  return (
    <div>
      <PageTitle>{t('citizen.verify.title')}</PageTitle>
      <p className="h5-muted" style={{ marginTop: -6 }}>{t('citizen.verify.intro')}</p>
      <div className="h5-section">
        <Form layout="vertical" requiredMark={false} onFinish={submit} component="form" noValidate>
          <Form.Item label={t('citizen.verify.phone')} htmlFor="v-phone" validateStatus={status('phone')} help={fieldErr.phone || undefined}>
            <div style={{ display: 'flex', gap: 8 }}>
              <Input id="v-phone" data-testid="phone" size="large" type="tel" inputMode="numeric" autoComplete="tel-national" maxLength={11}
                placeholder={t('citizen.verify.phonePh')} value={phone} onChange={(e) => setPhone(e.target.value.replace(/\D/g, ''))}
                aria-invalid={!!fieldErr.phone} style={{ flex: 1, minWidth: 0 }} />
              <Button data-testid="send-code" size="large" onClick={sendCode} loading={sending} disabled={countdown > 0}
                aria-label={countdown > 0 ? t('citizen.verify.resendIn', { s: countdown }) : t('citizen.verify.sendCode')} style={{ flex: 'none', minWidth: 120 }}>
                {countdown > 0 ? t('citizen.verify.resendIn', { s: countdown }) : codeSent ? t('citizen.verify.resend') : t('citizen.verify.sendCode')}
              </Button>
            </div>
          </Form.Item>
          {info && <Alert type="success" showIcon title={info} style={{ marginBottom: 16 }} role="status" />}
          <Form.Item label={t('citizen.verify.code')} htmlFor="v-code" validateStatus={status('code')} help={fieldErr.code || undefined}>
            <Input id="v-code" ref={codeRef} data-testid="code" size="large" inputMode="numeric" autoComplete="one-time-code" maxLength={8}
              placeholder={t('citizen.verify.codePh')} value={code} onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))} aria-invalid={!!fieldErr.code} />
          </Form.Item>
          <Form.Item label={t('citizen.verify.name')} htmlFor="v-name" validateStatus={status('name')} help={fieldErr.name || undefined}>
            <Input id="v-name" data-testid="name" size="large" autoComplete="name" maxLength={30}
              placeholder={t('citizen.verify.namePh')} value={name} onChange={(e) => setName(e.target.value)} aria-invalid={!!fieldErr.name} />
          </Form.Item>
          <Form.Item label={t('citizen.verify.idNumber')} htmlFor="v-id" validateStatus={status('idNumber')} help={fieldErr.idNumber || undefined}>
            <Input id="v-id" data-testid="id-number" size="large" autoComplete="off" maxLength={18} spellCheck={false}
              placeholder={t('citizen.verify.idPh')} value={idNumber} onChange={(e) => setIdNumber(e.target.value.replace(/[^\dXx]/g, '').toUpperCase())}
              aria-invalid={!!fieldErr.idNumber} />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" data-testid="verify-error" />}
          <Button data-testid="verify-submit" type="primary" htmlType="submit" size="large" block loading={submitting}>
            {t('citizen.verify.submit')}
          </Button>
        </Form>
      </div>
      <p className="h5-muted" style={{ display: 'flex', gap: 8 }}>
        <LockOutlined aria-hidden="true" style={{ marginTop: 5 }} />
        <span>{t('citizen.verify.privacy')}</span>
      </p>
    </div>
  );
}

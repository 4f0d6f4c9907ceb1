import { Button } from 'antd';
import { useI18n } from '../i18n';

/** 中文 ⇄ English; the choice is kept in the browser. */
export function LangSwitch({ size = 'small' }: { size?: 'small' | 'middle' | 'large' }) {
  const { t, lang, setLang } = useI18n();
  return <Button size={size} type="text" data-testid="lang-switch" aria-label={t('app.lang')} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>{t('app.lang')}</Button>;
}

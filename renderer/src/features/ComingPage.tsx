import { useTranslation } from 'react-i18next';
import type { Section } from '../shell/sections';
import { PageTitle } from '../ui/PageTitle';

/** A section whose feature is still to come: it says what will be here. */
export function ComingPage({ section }: { section: Exclude<Section, 'settings'> }) {
  const { t } = useTranslation();
  return (
    <section className="page" data-page={section}>
      <PageTitle>{t(`pages.${section}.title`)}</PageTitle>
      <p className="coming">{t(`pages.${section}.coming`)}</p>
    </section>
  );
}

import { Spotlight, type SpotlightActionData } from '@mantine/spotlight';
import { useTranslation } from 'react-i18next';
import { Icon } from '../ui/Icon';
import { SECTIONS, type Section } from './sections';

/** Ctrl+K: go to any section by typing its name (accents optional: "lich" finds "Lịch"). */
export function CommandPalette({ onSelect }: { onSelect: (s: Section) => void }) {
  const { t } = useTranslation();
  const actions: SpotlightActionData[] = SECTIONS.map((s, i) => ({
    id: s,
    label: t(`nav.${s}`),
    description: t('palette.goTo', { n: i + 1 }),
    leftSection: <Icon name={s} size={20} />,
    onClick: () => onSelect(s),
  }));
  return (
    <Spotlight
      actions={actions}
      shortcut="mod + K"
      nothingFound={t('palette.nothing')}
      highlightQuery
      filter={(query, list) => {
        const fold = (x: string) => x.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/gi, 'd').toLowerCase();
        const q = fold(query.trim());
        return (list as SpotlightActionData[]).filter((a) => fold(`${a.label ?? ''} ${a.description ?? ''}`).includes(q));
      }}
      searchProps={{ leftSection: <Icon name="search" />, placeholder: t('palette.placeholder'), 'aria-label': t('palette.label') }}
    />
  );
}

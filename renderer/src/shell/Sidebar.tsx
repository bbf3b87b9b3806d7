import { Kbd, NavLink, UnstyledButton } from '@mantine/core';
import { spotlight } from '@mantine/spotlight';
import { useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../ui/Icon';
import { SECTIONS, type Section } from './sections';

/** The six jobs and Settings; arrows move between them, Ctrl+1…7 jump from anywhere. */
export function Sidebar({ current, onSelect }: { current: Section; onSelect: (s: Section) => void }) {
  const { t } = useTranslation();
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const last = SECTIONS.length - 1;
    const target =
      e.key === 'ArrowDown' ? (index === last ? 0 : index + 1)
      : e.key === 'ArrowUp' ? (index === 0 ? last : index - 1)
      : e.key === 'Home' ? 0
      : e.key === 'End' ? last
      : null;
    if (target === null) return;
    e.preventDefault();
    buttons.current[target]?.focus();
  };

  return (
    <nav className="sidebar" aria-label={t('nav.label')}>
      <div className="brand">{t('app.name')}</div>
      <UnstyledButton className="palette-button" onClick={() => spotlight.open()} aria-keyshortcuts="Control+K">
        <Icon name="search" /> {t('palette.open')}{' '}
        <Kbd size="xs" aria-hidden="true">
          Ctrl+K
        </Kbd>
      </UnstyledButton>
      <ul>
        {SECTIONS.map((s, i) => (
          <li key={s} className={s === 'settings' ? 'settings-entry' : undefined}>
            <NavLink
              component="button"
              ref={(el: HTMLButtonElement | null) => {
                buttons.current[i] = el;
              }}
              type="button"
              className="section"
              active={s === current}
              aria-current={s === current ? 'page' : undefined}
              tabIndex={s === current ? 0 : -1}
              title={t('nav.shortcut', { n: i + 1 })}
              onClick={() => onSelect(s)}
              onKeyDown={(e: KeyboardEvent<HTMLButtonElement>) => onKeyDown(e, i)}
              data-section={s}
              leftSection={<Icon name={s} size={20} />}
              label={t(`nav.${s}`)}
            />
          </li>
        ))}
      </ul>
    </nav>
  );
}

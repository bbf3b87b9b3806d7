import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Group, Tabs } from '@mantine/core';
import { Icon } from '../../ui/Icon';
import { PageTitle } from '../../ui/PageTitle';
import { AgencyWeek } from './AgencyWeek';
import { Conflicts } from './Conflicts';
import { useOpenParam } from '../reminders/open-target';
import { EventPanel } from './EventPanel';
import { addDays, formatDay, formatMonth, mondayOf, SCHEDULE_ZONE, todayIn } from './dates';
import { DayView } from './DayView';
import { EventForm } from './EventForm';
import { JoinBanner } from './JoinBanner';
import { MonthView } from './MonthView';
import { TaskList } from './TaskList';
import { Unreadable } from './Unreadable';
import { WeekView } from './WeekView';
import './schedule.css';

type Mode = 'day' | 'week' | 'month' | 'agency';
const MODES: readonly Mode[] = ['day', 'week', 'month', 'agency'];

function addMonths(date: string, n: number): string {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 10);
}

function step(mode: Mode, anchor: string, dir: 1 | -1): string {
  if (mode === 'day') return addDays(anchor, dir);
  if (mode === 'month') return addMonths(anchor, dir);
  return addDays(anchor, 7 * dir);
}

/**
 * The Schedule section: the user's day, week and month, and the agency's
 * weekly schedule. Dates move with the buttons or the keyboard (Alt+← /
 * Alt+→ by the view's unit, Alt+Home for today), anywhere in the page.
 */
export function SchedulePage() {
  const { t, i18n } = useTranslation();
  const [mode, setMode] = useState<Mode>(() => (window.location.hash.includes('agency') ? 'agency' : 'week'));
  const [anchor, setAnchor] = useState(() => todayIn(SCHEDULE_ZONE));
  const [creating, setCreating] = useState(false);
  // Opened from Today, Reminders or a notice: `#/schedule?open=objectId:instance`.
  const [opened, closeOpened] = useOpenParam();

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'ArrowLeft') setAnchor((a) => step(mode, a, -1));
      else if (e.key === 'ArrowRight') setAnchor((a) => step(mode, a, 1));
      else if (e.key === 'Home') setAnchor(todayIn(SCHEDULE_ZONE));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [mode]);

  const monday = mondayOf(anchor);
  const label =
    mode === 'day'
      ? formatDay(anchor, i18n.language)
      : mode === 'month'
        ? formatMonth(anchor, i18n.language)
        : t('schedule.weekRange', { from: formatDay(monday, i18n.language, 'short'), to: formatDay(addDays(monday, 6), i18n.language, 'short') });
  const today = todayIn(SCHEDULE_ZONE);

  return (
    <section className="page schedule" data-page="schedule">
      <PageTitle>{t('pages.schedule.title')}</PageTitle>
      <JoinBanner />
      <Conflicts />
      <Unreadable />
      <div className="schedule-toolbar no-print">
        {/* Tabs without panels: the view below changes with the tab; arrows move between tabs. */}
        <Tabs value={mode} onChange={(v) => v && setMode(v as Mode)} variant="pills">
          <Tabs.List aria-label={t('schedule.views')}>
            {MODES.map((k) => (
              <Tabs.Tab key={k} value={k} className="view-tab">
                {t(`schedule.tabs.${k}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
        </Tabs>
        <Group className="week-nav" gap={6}>
          <Button variant="default" size="sm" leftSection={<Icon name="prev" />} onClick={() => setAnchor(step(mode, anchor, -1))} aria-keyshortcuts="Alt+ArrowLeft">
            {t(`schedule.previous.${mode}`)}
          </Button>
          <Button variant="default" size="sm" onClick={() => setAnchor(today)} aria-keyshortcuts="Alt+Home">
            {t(`schedule.current.${mode}`)}
          </Button>
          <Button variant="default" size="sm" rightSection={<Icon name="next" />} onClick={() => setAnchor(step(mode, anchor, 1))} aria-keyshortcuts="Alt+ArrowRight">
            {t(`schedule.next.${mode}`)}
          </Button>
          <span className="week-range" aria-live="polite" data-week-start={monday} data-anchor={anchor}>
            {label}
          </span>
        </Group>
        <Button className="new-event" leftSection={<Icon name="plus" />} onClick={() => setCreating(true)} aria-expanded={creating}>
          {t('schedule.form.open')}
        </Button>
      </div>
      {opened ? <EventPanel key={opened} id={opened} onClose={closeOpened} /> : null}
      {creating ? <EventForm date={mode === 'day' || (today >= monday && today < addDays(monday, 7)) ? (mode === 'day' ? anchor : today) : monday} onDone={() => setCreating(false)} /> : null}
      {mode === 'day' ? <DayView date={anchor} /> : null}
      {mode === 'week' ? <WeekView monday={monday} /> : null}
      {mode === 'month' ? (
        <MonthView
          anchor={anchor}
          onOpenDay={(d) => {
            setAnchor(d);
            setMode('day');
          }}
        />
      ) : null}
      {mode === 'agency' ? <AgencyWeek monday={monday} /> : null}
      {mode === 'day' || mode === 'week' ? <TaskList monday={monday} today={today} /> : null}
    </section>
  );
}

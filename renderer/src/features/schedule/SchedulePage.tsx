import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../ui/PageTitle';
import { AgencyWeek } from './AgencyWeek';
import { Conflicts } from './Conflicts';
import { addDays, formatDay, mondayOf, SCHEDULE_ZONE, todayIn } from './dates';
import { EventForm } from './EventForm';
import { JoinBanner } from './JoinBanner';
import { WeekView } from './WeekView';
import './schedule.css';

type Tab = 'week' | 'agency';

/**
 * The Schedule section: the user's week and the agency's weekly schedule.
 * Weeks move with the buttons or the keyboard (Alt+← / Alt+→, Alt+Home for
 * this week), anywhere in the page.
 */
export function SchedulePage() {
  const { t, i18n } = useTranslation();
  const [tab, setTab] = useState<Tab>(() => (window.location.hash.includes('agency') ? 'agency' : 'week'));
  const [monday, setMonday] = useState(() => mondayOf(todayIn(SCHEDULE_ZONE)));
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === 'ArrowLeft') setMonday((m) => addDays(m, -7));
      else if (e.key === 'ArrowRight') setMonday((m) => addDays(m, 7));
      else if (e.key === 'Home') setMonday(mondayOf(todayIn(SCHEDULE_ZONE)));
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const range = t('schedule.weekRange', { from: formatDay(monday, i18n.language, 'short'), to: formatDay(addDays(monday, 6), i18n.language, 'short') });

  return (
    <section className="page schedule" data-page="schedule">
      <PageTitle>{t('pages.schedule.title')}</PageTitle>
      <JoinBanner />
      <Conflicts />
      <div className="schedule-toolbar no-print">
        <div role="tablist" aria-label={t('schedule.views')}>
          {(['week', 'agency'] as const).map((k) => (
            <button key={k} role="tab" type="button" aria-selected={tab === k} onClick={() => setTab(k)}>
              {t(`schedule.tabs.${k}`)}
            </button>
          ))}
        </div>
        <div className="week-nav">
          <button type="button" onClick={() => setMonday(addDays(monday, -7))} aria-keyshortcuts="Alt+ArrowLeft">
            ‹ {t('schedule.previousWeek')}
          </button>
          <button type="button" onClick={() => setMonday(mondayOf(todayIn(SCHEDULE_ZONE)))} aria-keyshortcuts="Alt+Home">
            {t('schedule.thisWeek')}
          </button>
          <button type="button" onClick={() => setMonday(addDays(monday, 7))} aria-keyshortcuts="Alt+ArrowRight">
            {t('schedule.nextWeek')} ›
          </button>
          <span className="week-range" aria-live="polite" data-week-start={monday}>
            {range}
          </span>
        </div>
        <button type="button" className="new-event" onClick={() => setCreating(true)} aria-expanded={creating}>
          + {t('schedule.form.open')}
        </button>
      </div>
      {creating ? <EventForm date={todayIn(SCHEDULE_ZONE) >= monday && todayIn(SCHEDULE_ZONE) < addDays(monday, 7) ? todayIn(SCHEDULE_ZONE) : monday} onDone={() => setCreating(false)} /> : null}
      {tab === 'week' ? <WeekView monday={monday} /> : <AgencyWeek monday={monday} />}
    </section>
  );
}

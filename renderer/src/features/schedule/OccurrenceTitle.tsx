import type { OccurrenceView } from '../../../../shared/calendar';
import { useSharedTranslation } from '../../i18n/shared-translation';
import { Icon } from '../../ui/Icon';

/** An event's or task's title, marked when its calendar data could not be read whole; drawn once per entry of a list or a month. */
export function OccurrenceTitle({ o }: { o: Pick<OccurrenceView, 'incomplete' | 'summary'> }) {
  const { t } = useSharedTranslation();
  return (
    <>
      {o.incomplete ? (
        <>
          <span className="incomplete" role="img" title={t('schedule.incomplete')} aria-label={t('schedule.incomplete')}>
            <Icon name="warning" />
          </span>{' '}
        </>
      ) : null}
      {o.summary || t('schedule.untitled')}
    </>
  );
}

// "Follow up" on a message: today, tomorrow, this week, next week or a date
// and time of one's own, and complete or clear. The date stays on this
// computer; the flag goes to the server, so other devices see it flagged.
import { Badge, Button, Group, Menu, Paper } from '@mantine/core';
import { IconCalendarEvent, IconCheck, IconFlag, IconFlagOff } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FollowUpPreset, FollowUpPresets, MessageSummary } from '../../../../shared/mail';
import { api } from '../../bridge';
import { useCall } from '../../bridge/queries';
import { DateField } from '../../ui/DateField';
import { APP_ZONE, formatMoment } from '../../ui/format';
import { TimeField } from '../../ui/TimeField';

const PRESETS: readonly FollowUpPreset[] = ['today', 'tomorrow', 'thisWeek', 'nextWeek'];

/** An instant as the custom form's date and time, on the organization's wall clock. */
function wallParts(ms: number): { date: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: APP_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(ms);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { date: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/**
 * A date and time of one's own, inline under the reader's actions rather
 * than in a dialog: Escape in the date field closes its calendar and must
 * not throw away what was typed.
 */
function CustomDate({ initial, onClose, onSave }: { initial: number | null; onClose: () => void; onSave: (date: string, time: string) => void }) {
  const { t } = useTranslation();
  const start = initial !== null ? wallParts(initial) : { date: '', time: '' };
  const [date, setDate] = useState<string | null>(start.date || null);
  const [time, setTime] = useState(start.time);
  return (
    <Paper withBorder p="sm" w="100%" component="form" aria-label={t('mail.followUp.customTitle')} data-follow-up-form=""
      onSubmit={(e: FormEvent) => {
        e.preventDefault();
        if (date && time) onSave(date, time);
      }}
    >
      <Group align="flex-end" gap="sm">
        <DateField label={t('mail.followUp.date')} value={date} onChange={setDate} required />
        <TimeField label={t('mail.followUp.time')} value={time} onChange={setTime} required />
        <Button type="submit" size="sm" disabled={!date || !time}>
          {t('mail.followUp.save')}
        </Button>
        <Button variant="default" size="sm" onClick={onClose}>
          {t('mail.compose.cancel')}
        </Button>
      </Group>
    </Paper>
  );
}

export function FollowUpMenu({ m, onError }: { m: Pick<MessageSummary, 'id' | 'flagged' | 'followUpAt'>; onError: (err: unknown) => void }) {
  const { t, i18n } = useTranslation();
  const presets = useCall('mail', 'mail.followUpPresets', {});
  const [custom, setCustom] = useState(false);
  const act = (p: Promise<unknown>) => void p.catch(onError);
  const overdue = m.followUpAt !== null && m.followUpAt < Date.now();
  const presetAt = (p: FollowUpPreset): number | null => (presets.data ? (presets.data as FollowUpPresets)[p] : null);
  return (
    <>
      <Menu position="bottom-start" withinPortal onOpen={() => void presets.refetch()}>
        <Menu.Target>
          <Button variant={m.followUpAt !== null ? 'light' : 'default'} size="compact-sm" leftSection={<IconFlag size={16} aria-hidden />} data-follow-up="">
            {t('mail.followUp.button')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('mail.followUp.label')}</Menu.Label>
          {PRESETS.map((p) => {
            const at = presetAt(p);
            return (
              <Menu.Item key={p} disabled={at === null} data-preset={p} onClick={() => act(api.call('mail.setFollowUp', { ids: [m.id], due: { preset: p } }))}>
                {t(`mail.followUp.preset.${p}`)}
                {at !== null ? ` · ${formatMoment(at, i18n.language)}` : ''}
              </Menu.Item>
            );
          })}
          <Menu.Item leftSection={<IconCalendarEvent size={16} aria-hidden />} onClick={() => setCustom(true)}>
            {t('mail.followUp.custom')}
          </Menu.Item>
          {m.followUpAt !== null || m.flagged ? (
            <>
              <Menu.Divider />
              <Menu.Item leftSection={<IconCheck size={16} aria-hidden />} onClick={() => act(api.call('mail.endFollowUp', { ids: [m.id], how: 'complete' }))}>
                {t('mail.followUp.complete')}
              </Menu.Item>
              <Menu.Item leftSection={<IconFlagOff size={16} aria-hidden />} onClick={() => act(api.call('mail.endFollowUp', { ids: [m.id], how: 'clear' }))}>
                {t('mail.followUp.clear')}
              </Menu.Item>
            </>
          ) : null}
        </Menu.Dropdown>
      </Menu>
      {m.followUpAt !== null ? (
        <Badge color={overdue ? 'red' : 'govblue'} variant="light" data-follow-up-due="">
          {t(overdue ? 'mail.followUp.overdue' : 'mail.followUp.due', { when: formatMoment(m.followUpAt, i18n.language) })}
        </Badge>
      ) : null}
      {custom ? (
        <CustomDate
          initial={m.followUpAt ?? presetAt('tomorrow')}
          onClose={() => setCustom(false)}
          onSave={(date, time) => {
            setCustom(false);
            act(api.call('mail.setFollowUp', { ids: [m.id], due: { date, time } }));
          }}
        />
      ) : null}
    </>
  );
}

import { Button, Checkbox, Group, Progress, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DEADLINE_LEAD_DAYS, OFFLINE_LIMIT_CHOICES_MB, type DeadlineLeadDays, type SettingKey, type UserSettings } from '../../../../shared/settings';
import { api, CallError } from '../../bridge';
import { ErrorNote } from '../../ui/ErrorNote';
import { formatSize } from '../../ui/format';

const MB = 1024 * 1024;

/** How much the kept files take now; nothing to show before anyone signed in. */
function OfflineUse({ limitMb }: { limitMb: number }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  // Read again whenever Settings opens: a sign-in since, or files kept meanwhile.
  const use = useQuery({ queryKey: ['documents', 'documents.offlineUse', {}], queryFn: () => api.call('documents.offlineUse', {}), refetchOnMount: 'always' });
  const free = useMutation({
    mutationFn: () => api.call('documents.freeSpace', {}),
    onSuccess: (r) => {
      client.setQueryData(['documents', 'documents.offlineUse', {}], r);
      notifications.show({ message: t('documentsSettings.freed', { size: formatSize(r.freedBytes, i18n.language) }), color: 'green', autoClose: 3000, closeButtonProps: { 'aria-label': t('ui.close') } });
    },
  });
  if (use.error instanceof CallError && use.error.shape.code === 'auth.required') {
    return <Text size="sm" c="dimmed">{t('documentsSettings.signInForUse')}</Text>;
  }
  if (use.error) return <ErrorNote error={use.error} />;
  if (!use.data) return null;
  const limit = limitMb * MB;
  const used = use.data.usedBytes;
  const text = t('documentsSettings.use', { used: formatSize(used, i18n.language), limit: formatSize(limit, i18n.language) });
  return (
    <Stack gap={6} data-testid="documents-offline-use">
      <Text size="sm">{text}</Text>
      <Progress value={Math.min(100, (used / limit) * 100)} color={used > limit ? 'govred' : 'govblue'} aria-label={text} maw={420} />
      <Text size="xs" c="dimmed">
        {t('documentsSettings.toProcessPart', { size: formatSize(use.data.toProcessBytes, i18n.language) })}
      </Text>
      <Group gap="sm">
        <Button variant="default" size="xs" onClick={() => free.mutate()} loading={free.isPending}>
          {t('documentsSettings.freeNow')}
        </Button>
      </Group>
      {free.isError ? <ErrorNote error={free.error} /> : null}
    </Stack>
  );
}

/**
 * Documents in Settings: the size limit of files kept for offline reading
 * (with what they take now and "Free up space now"), and when a deadline
 * reminds. A key fixed by the organization's policy is read-only, saying so.
 */
export function DocumentsSettings({ values, locked, save, lockNote }: { values: UserSettings; locked: SettingKey[]; save: (change: Partial<UserSettings>) => void; lockNote: (k: SettingKey) => ReactNode }) {
  const { t, i18n } = useTranslation();
  const limitLocked = locked.includes('documentsOfflineLimitMb');
  const leadsLocked = locked.includes('documentDeadlineLeadDays');
  // A policy may set a size that is not one of the choices: it is offered too.
  const choices = [...new Set<number>([...OFFLINE_LIMIT_CHOICES_MB, values.documentsOfflineLimitMb])].sort((a, b) => a - b);
  return (
    <Stack gap="md" data-settings="documents">
      <Stack gap={6}>
        <Group gap="sm" align="flex-end">
          <Select
            label={t('documentsSettings.limit')}
            description={t('documentsSettings.limitHint')}
            data={choices.map((mb) => ({ value: String(mb), label: formatSize(mb * MB, i18n.language) }))}
            value={String(values.documentsOfflineLimitMb)}
            onChange={(v) => {
              if (v && Number(v) !== values.documentsOfflineLimitMb) save({ documentsOfflineLimitMb: Number(v) });
            }}
            allowDeselect={false}
            disabled={limitLocked}
            w={520}
            maw="100%"
          />
          {lockNote('documentsOfflineLimitMb')}
        </Group>
        <OfflineUse limitMb={values.documentsOfflineLimitMb} />
      </Stack>
      <div>
        <Checkbox.Group
          label={t('documentsSettings.leads')}
          description={t('documentsSettings.leadsHint', { time: values.workDayStart })}
          value={values.documentDeadlineLeadDays.map(String)}
          onChange={(v) => {
            const leads = DEADLINE_LEAD_DAYS.filter((d) => v.includes(String(d))).sort((a, b) => b - a) as DeadlineLeadDays[];
            save({ documentDeadlineLeadDays: leads });
          }}
        >
          <Group gap="md" mt={6}>
            {[...DEADLINE_LEAD_DAYS].sort((a, b) => b - a).map((d) => (
              <Checkbox key={d} value={String(d)} label={t(`documentsSettings.lead.${d}`)} disabled={leadsLocked} />
            ))}
          </Group>
        </Checkbox.Group>
        {lockNote('documentDeadlineLeadDays')}
      </div>
    </Stack>
  );
}

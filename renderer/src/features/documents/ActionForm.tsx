import { Button, Checkbox, Group, MultiSelect, Select, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DocAction, DocActionInput, DocActionType, DocDirectory } from '../../../../shared/documents';
import { useCall } from '../../bridge/queries';
import { DateField } from '../../ui/DateField';

type Target = { kind: 'unit' | 'person'; id: string; deadline?: string };

function targetOptions(dir: DocDirectory | undefined, unitsLabel: string, peopleLabel: string) {
  if (!dir) return [];
  return [
    { group: unitsLabel, items: dir.units.map((u) => ({ value: `unit:${u.id}`, label: u.name })) },
    { group: peopleLabel, items: dir.people.map((p) => ({ value: `person:${p.username}`, label: `${p.name} (${p.title})` })) },
  ];
}

function toTarget(value: string, deadline: string | null): Target {
  const i = value.indexOf(':');
  return { kind: value.slice(0, i) as Target['kind'], id: value.slice(i + 1), ...(deadline ? { deadline } : {}) };
}

function fromTarget(t: Target | undefined): string | null {
  return t ? `${t.kind}:${t.id}` : null;
}

/** The fields one action asks for; the directory gives the people and units to pick. */
export function ActionForm({ type, initial, onSubmit, onCancel }: { type: DocActionType; initial?: DocAction; onSubmit: (a: DocActionInput) => unknown; onCancel: () => void }) {
  const { t } = useTranslation();
  const dir = useCall('documents', 'documents.directory', {});
  const me = useCall('documents', 'documents.overview', {}).data?.me ?? null;
  const init = (initial ?? {}) as Partial<Record<string, unknown>>;
  const str = (k: string) => (typeof init[k] === 'string' ? (init[k] as string) : '');
  const [text, setText] = useState(str('text') || str('summary') || str('message') || str('reason') || str('comment') || str('directive') || str('note'));
  const [to, setTo] = useState<string | null>(str('to') || str('assignee') || null);
  const [deadline, setDeadline] = useState<string | null>(str('deadline') || (init.lead as Target | undefined)?.deadline || null);
  const [lead, setLead] = useState<string | null>(fromTarget(init.lead as Target | undefined));
  const [coworkers, setCoworkers] = useState<string[]>(((init.coworkers as Target[] | undefined) ?? []).map((x) => `${x.kind}:${x.id}`));
  const [coDeadline, setCoDeadline] = useState<string | null>((init.coworkers as Target[] | undefined)?.[0]?.deadline ?? null);
  const [info, setInfo] = useState<string[]>(((init.info as Target[] | undefined) ?? []).map((x) => `${x.kind}:${x.id}`));
  const [dup, setDup] = useState(init.acknowledgeDuplicate === true);
  const people = dir.data?.people ?? [];
  const personOptions = (roles: string[], unitId?: string) =>
    people.filter((p) => roles.includes(p.role) && (!unitId || p.unitId === unitId) && p.username !== me?.username).map((p) => ({ value: p.username, label: `${p.name} (${p.title})` }));
  const targets = targetOptions(dir.data, t('documents.form.units'), t('documents.form.people'));
  const trimmed = text.trim();
  const opt = trimmed ? trimmed : undefined;

  let action: DocActionInput | null = null;
  switch (type) {
    case 'register':
      action = { type, ...(opt ? { note: opt } : {}), ...(dup ? { acknowledgeDuplicate: true } : {}) };
      break;
    case 'reject':
      action = trimmed ? { type, reason: trimmed } : null;
      break;
    case 'submit':
    case 'submit_review':
      action = to ? { type, to, ...(opt ? { note: opt } : {}) } : null;
      break;
    case 'assign':
      action =
        trimmed && lead
          ? {
              type,
              directive: trimmed,
              lead: toTarget(lead, deadline),
              coworkers: coworkers.map((c) => toTarget(c, coDeadline ?? deadline)),
              info: info.map((c) => toTarget(c, null)),
            }
          : null;
      break;
    case 'reassign':
      action = to ? { type, assignee: to, ...(deadline ? { deadline } : {}), ...(opt ? { note: opt } : {}) } : null;
      break;
    case 'start':
    case 'approve':
      action = { type, ...(opt ? { note: opt } : {}) };
      break;
    case 'comment':
      action = trimmed ? { type, text: trimmed } : null;
      break;
    case 'finish':
      action = trimmed ? { type, summary: trimmed } : null;
      break;
    case 'urge':
      action = trimmed ? { type, message: trimmed } : null;
      break;
    case 'return':
      action = trimmed ? { type, comment: trimmed } : null;
      break;
    case 'issue':
    case 'send':
      action = { type };
      break;
  }
  const textRequired = ['reject', 'assign', 'comment', 'finish', 'urge', 'return'].includes(type);
  const hasText = !['issue', 'send'].includes(type);
  return (
    <form
      className="doc-action-form"
      data-action-form={type}
      onSubmit={(e) => {
        e.preventDefault();
        if (action) void onSubmit(action);
      }}
    >
      {type === 'submit' ? <Select label={t('documents.form.toLeader')} data={personOptions(['leader'])} value={to} onChange={setTo} required searchable /> : null}
      {type === 'submit_review' ? <Select label={t('documents.form.toReviewer')} data={personOptions(['leader', 'head'])} value={to} onChange={setTo} required searchable /> : null}
      {type === 'reassign' ? <Select label={t('documents.form.assignee')} data={personOptions(['specialist', 'head'], me?.unitId)} value={to} onChange={setTo} required searchable /> : null}
      {type === 'assign' ? (
        <>
          <Select label={t('documents.form.lead')} data={targets} value={lead} onChange={setLead} required searchable />
          <DateField label={t('documents.form.deadline')} value={deadline} onChange={setDeadline} clearable />
          <MultiSelect label={t('documents.form.coworkers')} data={targets} value={coworkers} onChange={setCoworkers} searchable clearable />
          {coworkers.length > 0 ? <DateField label={t('documents.form.coDeadline')} value={coDeadline} onChange={setCoDeadline} clearable /> : null}
          <MultiSelect label={t('documents.form.info')} data={targets} value={info} onChange={setInfo} searchable clearable />
        </>
      ) : null}
      {type === 'reassign' ? <DateField label={t('documents.form.internalDeadline')} value={deadline} onChange={setDeadline} clearable /> : null}
      {type === 'register' ? <Checkbox label={t('documents.form.acknowledgeDuplicate')} checked={dup} onChange={(e) => setDup(e.currentTarget.checked)} /> : null}
      {hasText ? (
        <Textarea
          label={t(`documents.form.text.${type}`)}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          required={textRequired}
          autosize
          minRows={2}
          maxRows={8}
          data-autofocus
        />
      ) : null}
      <Group gap="xs" mt="xs">
        <Button type="submit" disabled={!action} data-submit-action={type}>
          {t(`documents.action.${type}`)}
        </Button>
        <Button variant="default" onClick={onCancel}>
          {t('documents.form.cancel')}
        </Button>
      </Group>
    </form>
  );
}

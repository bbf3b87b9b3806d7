import { CloseButton, TextInput } from '@mantine/core';
import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { attendeeEmailSchema } from '../../../../shared/calendar';
import { useCall } from '../../bridge/queries';

/** One invitee as the form holds it: their reply (PARTSTAT) comes from the event, a new one has not answered. */
export interface Invitee {
  email: string;
  name: string;
  partstat: string;
}

const KNOWN_PARTSTATS = ['ACCEPTED', 'DECLINED', 'TENTATIVE', 'NEEDS-ACTION', 'DELEGATED'];

export function isValidInvitee(i: Invitee): boolean {
  return attendeeEmailSchema.safeParse(i.email).success;
}

/** "Name <a@b>" or a bare address, as typed or pasted. */
function parseTyped(text: string): { email: string; name: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(text);
  if (m) return { name: m[1]!.trim(), email: m[2]!.trim() };
  return { name: '', email: text.trim() };
}

/**
 * Invitees as chips, each with its reply and a remove button; addresses the
 * mail cache knows are suggested as you type (a combobox: arrows, Enter,
 * Escape). What is not an address is kept as a chip marked invalid, so the
 * user sees it and the form refuses to send it.
 */
export function AttendeeField({ invitees, onChange, inputId }: { invitees: Invitee[]; onChange: (next: Invitee[]) => void; inputId: string }) {
  const { t } = useTranslation();
  const listId = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const typed = text.trim();
  // Mail may be unconfigured or still syncing: then there is nothing to suggest, and typing still works.
  const known = useCall('mail', 'mail.addresses', { prefix: typed.length > 0 ? typed.slice(0, 100) : '@', limit: 8 });
  const invited = new Set(invitees.map((i) => i.email.toLowerCase()));
  const suggestions = typed.length > 0 && !known.error ? (known.data ?? []).filter((a) => !invited.has(a.address.toLowerCase())) : [];
  const showList = open && suggestions.length > 0;

  const add = (entries: Array<{ email: string; name: string }>) => {
    const next = [...invitees];
    for (const e of entries) {
      if (!e.email || next.some((i) => i.email.toLowerCase() === e.email.toLowerCase())) continue;
      next.push({ email: e.email, name: e.name, partstat: 'NEEDS-ACTION' });
    }
    onChange(next);
    setText('');
    setActive(0);
  };
  const commitText = (value = text) => {
    const parts = value.split(/[,;\n]+/).map((p) => p.trim()).filter(Boolean);
    if (parts.length) add(parts.map(parseTyped));
    else setText('');
  };
  const remove = (email: string) => onChange(invitees.filter((i) => i.email !== email));

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && suggestions.length) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % suggestions.length);
    } else if (e.key === 'ArrowUp' && suggestions.length) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a - 1 + suggestions.length) % suggestions.length);
    } else if (e.key === 'Enter') {
      // Enter adds an invitee here; it does not send the form.
      e.preventDefault();
      const pick = showList ? suggestions[Math.min(active, suggestions.length - 1)] : undefined;
      if (pick) add([{ email: pick.address, name: pick.name }]);
      else commitText();
    } else if (e.key === ',' || e.key === ';') {
      e.preventDefault();
      commitText();
    } else if (e.key === 'Escape' && showList) {
      e.preventDefault();
      setOpen(false);
    } else if (e.key === 'Backspace' && text === '' && invitees.length) {
      remove(invitees[invitees.length - 1]!.email);
    }
  };

  const invalid = invitees.filter((i) => !isValidInvitee(i));
  return (
    <div className="attendee-field">
      {invitees.length ? (
        <ul className="chips" aria-label={t('schedule.form.people')}>
          {invitees.map((i) => {
            const ok = isValidInvitee(i);
            const status = KNOWN_PARTSTATS.includes(i.partstat.toUpperCase()) ? i.partstat.toUpperCase() : 'NEEDS-ACTION';
            return (
              <li key={i.email} className={`chip partstat-${status.toLowerCase()}${ok ? '' : ' invalid'}`} data-email={i.email} aria-invalid={!ok || undefined}>
                <span className="chip-name" title={i.email}>
                  {i.name ? `${i.name} <${i.email}>` : i.email}
                </span>
                <span className="chip-status">{ok ? t(`schedule.partstat.${status}`) : t('schedule.form.invalidAddress')}</span>
                <CloseButton size="sm" radius="xl" className="chip-remove" onClick={() => remove(i.email)} aria-label={t('schedule.form.removeInvitee', { email: i.email })} />
              </li>
            );
          })}
        </ul>
      ) : null}
      <div className="combo">
        <TextInput
          id={inputId}
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={listId}
          aria-activedescendant={showList ? `${listId}-${Math.min(active, suggestions.length - 1)}` : undefined}
          error={invalid.length > 0}
          autoComplete="off"
          value={text}
          placeholder={t('schedule.form.peopleHint')}
          maxLength={1000}
          onChange={(e) => {
            const v = e.currentTarget.value;
            // A pasted list ("a@x, b@y") becomes chips at once, the last piece stays to be typed on.
            if (/[,;\n]/.test(v)) {
              const cut = Math.max(v.lastIndexOf(','), v.lastIndexOf(';'), v.lastIndexOf('\n'));
              commitText(v.slice(0, cut));
              setText(v.slice(cut + 1).trimStart());
            } else setText(v);
            setOpen(true);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setOpen(false);
            if (text.trim()) commitText();
          }}
        />
        {showList ? (
          <ul id={listId} role="listbox" className="suggestions" aria-label={t('schedule.form.suggestions')}>
            {suggestions.map((a, n) => (
              <li
                key={a.address}
                id={`${listId}-${n}`}
                role="option"
                aria-selected={n === active}
                className={n === active ? 'active' : undefined}
                // Chosen on mouse down, before the input's blur turns the typed text into a chip.
                onMouseDown={(e) => {
                  e.preventDefault();
                  add([{ email: a.address, name: a.name }]);
                }}
              >
                {a.name ? (
                  <>
                    <span className="suggestion-name">{a.name}</span> <span className="suggestion-address">{a.address}</span>
                  </>
                ) : (
                  <span className="suggestion-address">{a.address}</span>
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {invalid.length ? (
        <p className="field-error" role="alert">
          {t('schedule.form.invalidInvitees', { list: invalid.map((i) => i.email).join(', '), count: invalid.length })}
        </p>
      ) : null}
    </div>
  );
}

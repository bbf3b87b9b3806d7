-- The reminder engine's own record (issue 17): one row per firing it has
-- dealt with, keyed by the source that reported it, the source's key and the
-- time it was due. A row is written in the same transaction that moves
-- `scanned_to` on, before the notification is shown: a restart in the middle
-- of firing finds the row and never shows the same reminder twice. Sources
-- keep their own truth (a calendar alarm's RFC 9074 ACKNOWLEDGED); this table
-- says what this device did with it. Only electron/core/reminders/store.ts
-- reads or writes these tables.
CREATE TABLE reminder_state (
  source TEXT NOT NULL,
  key TEXT NOT NULL,
  fire_at INTEGER NOT NULL,
  title TEXT NOT NULL DEFAULT '',
  about_ms INTEGER,
  -- JSON {section, id} or NULL
  open TEXT,
  state TEXT NOT NULL CHECK (state IN ('ringing', 'missed', 'held', 'snoozed', 'dismissed', 'done_elsewhere', 'rerung')),
  snoozed_until INTEGER,
  -- 1: the source keeps no snoozes (a task's due date), the engine rings it again at snoozed_until
  engine_snooze INTEGER NOT NULL DEFAULT 0 CHECK (engine_snooze IN (0, 1)),
  changed_at INTEGER NOT NULL,
  PRIMARY KEY (source, key, fire_at)
) STRICT, WITHOUT ROWID;
CREATE INDEX reminder_state_fire ON reminder_state (fire_at);
CREATE INDEX reminder_state_engine_snooze ON reminder_state (snoozed_until) WHERE engine_snooze = 1 AND state = 'snoozed';

CREATE TABLE reminder_meta (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;

-- The reminders' task source reads open tasks by due (calendar/store.ts
-- openTasksDueBetween): without this it would scan every occurrence.
CREATE INDEX cal_occurrences_task_due ON cal_occurrences (end_ms) WHERE component = 'VTODO';

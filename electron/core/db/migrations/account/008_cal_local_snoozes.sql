-- Reminders snoozed on this device only (issue 6): on a calendar the user
-- cannot write (the agency schedule), the RFC 9074 snooze VALARM cannot go
-- into the object, so the snooze is kept here beside cal_local_acks (007).
-- cal_alarms is rebuilt whenever its object is re-indexed, so store.ts adds
-- these rows to it each time it indexes the object's alarms, and deletes a
-- row there whose instance no longer rings as it did when it was snoozed
-- (cancelled, removed by EXDATE, moved: its start differs from about_ms) or
-- whose reminder is gone from the object. Keyed by the stored object, not by
-- its UID like an acknowledgement: a snooze is about one instance of what this
-- device holds, and goes with it (ON DELETE CASCADE); one snooze per instance
-- and reminder, a new one replaces it. Only electron/core/calendar/store.ts
-- reads or writes this table.
CREATE TABLE cal_local_snoozes (
  object_id INTEGER NOT NULL REFERENCES cal_objects (id) ON DELETE CASCADE,
  instance TEXT NOT NULL,
  -- the reminder that rang and was snoozed
  alarm_uid TEXT NOT NULL,
  -- when it rings again
  fire_at INTEGER NOT NULL,
  -- the start (event) or due time (task) of the instance when it was snoozed
  about_ms INTEGER NOT NULL,
  PRIMARY KEY (object_id, instance, alarm_uid)
) STRICT, WITHOUT ROWID;

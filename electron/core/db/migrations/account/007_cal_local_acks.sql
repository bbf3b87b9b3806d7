-- Reminders dismissed on this device only (issue 6): for a calendar the user
-- cannot write (the agency schedule), RFC 9074 ACKNOWLEDGED cannot go into the
-- object, so it is kept here. cal_alarms is rebuilt whenever its object is
-- re-indexed (a sync change, the occurrence window moving), so it cannot hold
-- this itself: store.ts applies these rows each time it indexes alarms. Keyed
-- by the object's UID (not its row id) within its calendar, as RFC 9074 keys
-- an acknowledgement by the alarm; instance '' covers every instance (a single
-- event). Pruned by store.ts when the last object with that UID goes. Only
-- electron/core/calendar/store.ts reads or writes this table.
CREATE TABLE cal_local_acks (
  calendar_id INTEGER NOT NULL REFERENCES cal_calendars (id) ON DELETE CASCADE,
  uid TEXT NOT NULL,
  instance TEXT NOT NULL,
  alarm_uid TEXT NOT NULL,
  -- like ACKNOWLEDGED: every firing of this alarm up to here is dealt with
  acknowledged_at INTEGER NOT NULL,
  PRIMARY KEY (calendar_id, uid, instance, alarm_uid)
) STRICT, WITHOUT ROWID;

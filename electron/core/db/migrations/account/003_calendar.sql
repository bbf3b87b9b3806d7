-- Calendars, tasks and the agency's weekly schedule (issue 6). Only
-- electron/core/calendar/store.ts reads or writes these tables.

-- One row per CalDAV collection: the user's own calendars and task lists, and
-- the agency schedule named in the organization config (kind 'agency').
-- sync_token drives RFC 6578 sync-collection; ctag is the cheap "anything
-- changed?" check of servers without it.
CREATE TABLE cal_calendars (
  id INTEGER PRIMARY KEY,
  url TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('event', 'task', 'agency')),
  display_name TEXT NOT NULL DEFAULT '',
  color TEXT,
  writable INTEGER NOT NULL DEFAULT 0 CHECK (writable IN (0, 1)),
  components TEXT NOT NULL DEFAULT 'VEVENT',
  ctag TEXT,
  sync_token TEXT,
  synced_at INTEGER,
  -- Kept (not deleted) when discovery no longer lists it, so pending writes
  -- are not lost with it; views skip gone calendars.
  gone INTEGER NOT NULL DEFAULT 0 CHECK (gone IN (0, 1))
) STRICT;

-- One row per calendar object resource (one UID, master and overrides
-- together), its original iCalendar kept as the server sent it, or as the
-- user's pending write made it. etag NULL: created here, not yet on the server.
CREATE TABLE cal_objects (
  id INTEGER PRIMARY KEY,
  calendar_id INTEGER NOT NULL REFERENCES cal_calendars (id) ON DELETE CASCADE,
  href TEXT NOT NULL,
  uid TEXT NOT NULL,
  etag TEXT,
  raw TEXT NOT NULL,
  component TEXT NOT NULL CHECK (component IN ('VEVENT', 'VTODO', 'VJOURNAL', 'UNKNOWN')),
  summary TEXT NOT NULL DEFAULT '',
  recurring INTEGER NOT NULL DEFAULT 0 CHECK (recurring IN (0, 1)),
  -- Bounds of all occurrences in epoch ms (last_end NULL: the rule never
  -- ends): lets a range outside the expansion window find its candidates.
  first_start INTEGER,
  last_end INTEGER,
  -- JSON array of what could not be read: the object is kept and shown as far
  -- as it could be read (issue 6, bad input), never dropped.
  warnings TEXT NOT NULL DEFAULT '[]',
  -- synced; pending (a local write waits in the outbox); conflict (the server
  -- refused it with 412: server_raw holds the server's version beside ours);
  -- deleted (deleted here, delete not yet confirmed: hidden from views).
  local_state TEXT NOT NULL DEFAULT 'synced' CHECK (local_state IN ('synced', 'pending', 'conflict', 'deleted')),
  server_raw TEXT,
  server_etag TEXT,
  -- Agency schedule review (tentative -> confirmed, or returned with a comment).
  review_state TEXT CHECK (review_state IN ('tentative', 'confirmed', 'returned')),
  review_comment TEXT,
  proposer TEXT,
  updated_at INTEGER NOT NULL,
  UNIQUE (calendar_id, href)
) STRICT;
CREATE INDEX cal_objects_uid ON cal_objects (uid);
CREATE INDEX cal_objects_bounds ON cal_objects (first_start, last_end);
CREATE INDEX cal_objects_state ON cal_objects (local_state) WHERE local_state <> 'synced';

-- Occurrences expanded inside the window recorded in cal_meta, so that a day,
-- week or month view is one range scan. Timed occurrences hold epoch ms;
-- all-day ones hold the UTC midnight of their dates (all_day = 1), so an
-- all-day event stays on its date whatever the viewer's time zone. The
-- primary key starts with (all_day, start_ms): WITHOUT ROWID stores rows in
-- that order, so a view reads neighbouring rows instead of one lookup each.
CREATE TABLE cal_occurrences (
  all_day INTEGER NOT NULL CHECK (all_day IN (0, 1)),
  start_ms INTEGER NOT NULL,
  object_id INTEGER NOT NULL REFERENCES cal_objects (id) ON DELETE CASCADE,
  -- '' for a single event; else the instance's RECURRENCE-ID in UTC ms (or the
  -- date for all-day), which is how overrides and edits of one instance find it.
  instance TEXT NOT NULL,
  end_ms INTEGER NOT NULL,
  calendar_id INTEGER NOT NULL,
  component TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  location TEXT NOT NULL DEFAULT '',
  status TEXT,
  meeting_url TEXT,
  overridden INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (all_day, start_ms, object_id, instance)
) STRICT, WITHOUT ROWID;
CREATE UNIQUE INDEX cal_occurrences_instance ON cal_occurrences (object_id, instance);
-- The longest occurrence bounds how far back a range query looks (MAX over
-- this index is one seek).
CREATE INDEX cal_occurrences_length ON cal_occurrences ((end_ms - start_ms));

-- Alarms (VALARM) of expanded occurrences and of task due dates, for the
-- reminders feature: what fires when. acknowledged_at mirrors RFC 9074
-- ACKNOWLEDGED so dismissing on one device holds on the others.
CREATE TABLE cal_alarms (
  object_id INTEGER NOT NULL REFERENCES cal_objects (id) ON DELETE CASCADE,
  instance TEXT NOT NULL,
  alarm_uid TEXT NOT NULL,
  fire_at INTEGER NOT NULL,
  action TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  -- the start (event) or due time (task) the alarm is about
  about_ms INTEGER NOT NULL,
  acknowledged_at INTEGER,
  PRIMARY KEY (object_id, instance, alarm_uid)
) STRICT, WITHOUT ROWID;
CREATE INDEX cal_alarms_fire ON cal_alarms (fire_at);

CREATE TABLE cal_meta (
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL
) STRICT;

-- What a reminder is about beyond its title, in no language (issue 17): a
-- document deadline's day, number, abstract and urgency, as JSON
-- (shared/reminders.ts ReminderDetail), or NULL. The notice and the
-- Reminders section word it in the user's language at the time they show it
-- ("due in 2 days", "due today", "overdue by 1 day"), so a row recorded
-- yesterday still reads right today. Only electron/core/reminders/store.ts
-- reads or writes it.
ALTER TABLE reminder_state ADD COLUMN detail TEXT;

-- Deadlines of the documents to process (issue 17): the reminder engine asks
-- for them over a year ahead and Today for every one up to today, at each
-- start and each change. Through doc_deadline (every document) those asks
-- read each of 10,000 rows in the range to keep the few hundred to process;
-- this partial index holds only those. The condition is written with the
-- box's bit as a literal (DocumentStore.deadlinesBetween), as SQLite needs to
-- match a partial index.
CREATE INDEX doc_todo_deadline ON doc_documents (deadline) WHERE deadline IS NOT NULL AND (boxes & 1) != 0;

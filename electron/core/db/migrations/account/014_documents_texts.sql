-- What a document is found by, as the user reads it (issue 15, search speed):
-- written beside the row whenever the search index is, so that checking a
-- phrase and cutting a snippet read a few short strings instead of parsing
-- the document's JSON for every candidate and every hit. The subject is in
-- doc_documents already. Rows of a cache from before this migration are filled
-- when the feature starts (DocumentStore.fillTexts); the row goes with its
-- document.
CREATE TABLE doc_texts (
  rowid INTEGER PRIMARY KEY REFERENCES doc_documents (rowid) ON DELETE CASCADE,
  -- Number/notation, the national identifier and the registration number.
  code TEXT NOT NULL,
  -- Issuer, signer, drafter, type, assignees, recipients.
  people TEXT NOT NULL,
  opinions TEXT NOT NULL,
  -- Attachment names.
  files TEXT NOT NULL,
  -- The document's own text (content); the PDF text stays in doc_file_text.
  content TEXT NOT NULL
) STRICT;

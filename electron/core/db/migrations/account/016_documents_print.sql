-- The incoming register and the report of processing (issue 15, item 5) read
-- a period of documents: by the day (in Vietnam) each was entered in the
-- register, and by the day it was first given to a unit or a person. Both are
-- in the documents' JSON already; these expression indexes make a period one
-- index range instead of a read of every row's JSON. The register comes from
-- the server's copy (only the server numbers a document); assignments from the
-- user's view (a leader's assignment made offline counts at once).
CREATE INDEX doc_registered_day ON doc_documents (date(json_extract(server, '$.registration.registeredAt'), '+7 hours'));
CREATE INDEX doc_assigned_day ON doc_documents (date(json_extract(coalesce(doc, server), '$.assignments[0].assignedAt'), '+7 hours'));

-- Similar-letter lookup among millions: each letter's hashed words (domain/text/fingerprint.ts)
-- in a GIN index, so candidates sharing a rare word are found without reading every letter.
-- Rows from before this migration are filled in by the background backfill (commands/similar.ts).
ALTER TABLE cases ADD COLUMN terms int[];
CREATE INDEX cases_terms_idx ON cases USING gin (terms);

-- The center finds every letter of one writer by phone (重复来信) without the phone in plaintext:
-- the blind index (store/vault.ts phoneIndex) of a letter's phone when it came without an account
-- (channels, Open311); a verified writer is found through citizens.phone_hash.
ALTER TABLE cases ADD COLUMN citizen_phone_hash text;
CREATE INDEX cases_citizen_phone_hash_idx ON cases (citizen_phone_hash) WHERE citizen_phone_hash IS NOT NULL;

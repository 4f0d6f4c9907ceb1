-- Personal data sealed at rest (store/vault.ts): the application writes ciphertext into citizens.phone,
-- .name, .id_number, cases.citizen_name, .citizen_phone and messages.to_addr, and finds a phone by its
-- keyed hash (blind index) instead of the plaintext. Rows written before this version are sealed by
-- the server at start (citizens) and by `npm run rekey` (everything).
ALTER TABLE citizens DROP CONSTRAINT citizens_phone_key;
ALTER TABLE citizens ADD COLUMN phone_hash text;
CREATE UNIQUE INDEX citizens_phone_hash_key ON citizens (phone_hash);
CREATE INDEX citizens_unsealed_idx ON citizens (id) WHERE phone_hash IS NULL;

-- A one-time code is found by the phone's hash; codes are short-lived, the old ones simply go.
DELETE FROM otp_codes;
ALTER TABLE otp_codes RENAME COLUMN phone TO phone_hash;

ALTER TABLE messages ADD COLUMN to_hash text;
DROP INDEX messages_to_idx;
CREATE INDEX messages_to_hash_idx ON messages (to_hash, created_at);

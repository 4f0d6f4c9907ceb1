-- Sign-in and sessions: an optional TOTP second factor (RFC 6238) for staff.
-- totp_secret holds the base32 secret from setup on; it counts only once totp_enabled is set (after a
-- correct code). totp_last_step is the 30-second step of the last accepted code: a code is accepted
-- only for a newer step, so an observed code cannot be replayed within its window.
ALTER TABLE users ADD COLUMN totp_secret text;
ALTER TABLE users ADD COLUMN totp_enabled boolean NOT NULL DEFAULT false;
ALTER TABLE users ADD COLUMN totp_last_step bigint;

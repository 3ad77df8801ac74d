-- Moderators' sessions and login attempts, in the database so every server
-- sharing it honours the same sessions and limits. Same steps in both folders.
CREATE TABLE moderator_sessions (
    -- Hash of the session cookie's random token; the token itself is not kept.
    token_hash BLOB PRIMARY KEY NOT NULL,
    name TEXT NOT NULL REFERENCES moderators (name) ON DELETE CASCADE,
    -- The synchronizer token every POST of the session must carry.
    csrf TEXT NOT NULL,
    -- Seconds since the epoch after which the session is over.
    expires_at BIGINT NOT NULL
);

-- Failed logins per keyed-hash bucket (a network, or a name) and 15-minute window.
CREATE TABLE login_attempts (
    bucket BLOB NOT NULL,
    slot BIGINT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (bucket, slot)
);

-- API users for HTTP basic authentication: a bcrypt hash of the password in Modular Crypt Format ($2a$...),
-- never the password, and the roles as a comma-separated list (io.lifeboat.api.Roles).
CREATE TABLE api_user (
    name          VARCHAR(64)  NOT NULL PRIMARY KEY,
    password_hash VARCHAR(100) NOT NULL,
    roles         VARCHAR(200) NOT NULL
);

-- Who asked for each journal entry: a user's name, or "lifeboat" for what Lifeboat decided itself (its rules,
-- a reload after a file change). Entries written before this version were all Lifeboat's own.
ALTER TABLE journal_entry ADD COLUMN actor VARCHAR(100) NOT NULL DEFAULT 'lifeboat';

-- The journal API filters by these.
CREATE INDEX journal_entry_actor ON journal_entry (actor);
CREATE INDEX journal_entry_subject ON journal_entry (subject);

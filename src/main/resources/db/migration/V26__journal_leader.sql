-- Which replica decided each action, and under which lease token (lifeboat.leadership): after a takeover the journal
-- shows what the deposed leader decided and what its successor did. Null without leadership, and for operators' own.
ALTER TABLE journal_entry ADD COLUMN decided_by VARCHAR(128) NULL;
ALTER TABLE journal_entry ADD COLUMN lease_token BIGINT NULL;

-- Waddle for Openfire, schema version 5 (DB2): what the last Bluesky sync of a linked list skipped.
-- People a linked list names but a sync did not add (items naming nobody usable, DIDs that do not resolve), and
-- a few of the reasons, shown on the Waddle page.
ALTER TABLE ofWaddleListLink ADD COLUMN lastSkipped INTEGER NOT NULL DEFAULT 0 ADD COLUMN lastSkipNote VARCHAR(1000);

UPDATE ofVersion SET version = 5 WHERE name = 'waddle';

-- Waddle for Openfire, schema version 5 (Oracle): what the last Bluesky sync of a linked list skipped.
-- People a linked list names but a sync did not add (items naming nobody usable, DIDs that do not resolve), and
-- a few of the reasons, shown on the Waddle page.
ALTER TABLE ofWaddleListLink ADD (lastSkipped NUMBER(10) DEFAULT 0 NOT NULL, lastSkipNote VARCHAR2(1000 CHAR));

UPDATE ofVersion SET version = 5 WHERE name = 'waddle';

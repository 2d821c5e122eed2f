-- Waddle for Openfire, schema version 3 (PostgreSQL): Bluesky lists linked to Waddles and the members their sync added.
-- Bluesky lists linked to a Waddle: a curation list (members), a moderation list or the owner's blocks (bans),
-- with what the last sync found and did.
CREATE TABLE ofWaddleListLink (
    id               BIGINT         NOT NULL,
    waddleId         BIGINT         NOT NULL,
    listUri          VARCHAR(300)   NOT NULL,
    linkKind         VARCHAR(20)    NOT NULL,
    syncMode         VARCHAR(20)    NOT NULL,
    listName         VARCHAR(640),
    linkedBy         VARCHAR(300)   NOT NULL,
    linkedAt         BIGINT         NOT NULL,
    lastSyncAt       BIGINT,
    peopleCount      INTEGER        NOT NULL,
    lastAdded        INTEGER        NOT NULL,
    lastRemoved      INTEGER        NOT NULL,
    lastBanned       INTEGER        NOT NULL,
    lastError        VARCHAR(1000),
    failures         INTEGER        NOT NULL,
    CONSTRAINT ofWaddleListLink_pk PRIMARY KEY (id),
    CONSTRAINT ofWaddleListLink_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);
CREATE UNIQUE INDEX ofWaddleListLink_uri_idx ON ofWaddleListLink (waddleId, listUri);

-- Members a Bluesky sync added (and which list it did it for): only these leave when they leave the list.
CREATE TABLE ofWaddleSyncMember (
    waddleId         BIGINT         NOT NULL,
    did              VARCHAR(300)   NOT NULL,
    listUri          VARCHAR(300)   NOT NULL,
    CONSTRAINT ofWaddleSyncMember_pk PRIMARY KEY (waddleId, did),
    CONSTRAINT ofWaddleSyncMember_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);

UPDATE ofVersion SET version = 3 WHERE name = 'waddle';

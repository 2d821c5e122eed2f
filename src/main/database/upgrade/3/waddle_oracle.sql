-- Waddle for Openfire, schema version 3 (Oracle): Bluesky lists linked to Waddles and the members their sync added.
-- Bluesky lists linked to a Waddle: a curation list (members), a moderation list or the owner's blocks (bans),
-- with what the last sync found and did.
CREATE TABLE ofWaddleListLink (
    id               NUMBER(19)     NOT NULL,
    waddleId         NUMBER(19)     NOT NULL,
    listUri          VARCHAR2(300)  NOT NULL,
    linkKind         VARCHAR2(20)   NOT NULL,
    syncMode         VARCHAR2(20)   NOT NULL,
    listName         VARCHAR2(640 CHAR),
    linkedBy         VARCHAR2(300)  NOT NULL,
    linkedAt         NUMBER(19)     NOT NULL,
    lastSyncAt       NUMBER(19),
    peopleCount      NUMBER(10)     NOT NULL,
    lastAdded        NUMBER(10)     NOT NULL,
    lastRemoved      NUMBER(10)     NOT NULL,
    lastBanned       NUMBER(10)     NOT NULL,
    lastError        VARCHAR2(1000 CHAR),
    failures         NUMBER(10)     NOT NULL,
    CONSTRAINT ofWaddleListLink_pk PRIMARY KEY (id),
    CONSTRAINT ofWaddleListLink_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);
CREATE UNIQUE INDEX ofWaddleListLink_uri_idx ON ofWaddleListLink (waddleId, listUri);

-- Members a Bluesky sync added (and which list it did it for): only these leave when they leave the list.
CREATE TABLE ofWaddleSyncMember (
    waddleId         NUMBER(19)     NOT NULL,
    did              VARCHAR2(300)  NOT NULL,
    listUri          VARCHAR2(300)  NOT NULL,
    CONSTRAINT ofWaddleSyncMember_pk PRIMARY KEY (waddleId, did),
    CONSTRAINT ofWaddleSyncMember_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);

UPDATE ofVersion SET version = 3 WHERE name = 'waddle';

-- Waddle for Openfire, schema version 4 (Oracle): Bluesky profiles of ATProto accounts.
-- Bluesky profiles of ATProto accounts as last read from their PDS and published to XMPP (the avatar's bytes
-- live in the account's vCard, not here); failures and nextAttempt pace retries after errors.
CREATE TABLE ofWaddleProfile (
    did              VARCHAR2(300)  NOT NULL,
    displayName      VARCHAR2(640 CHAR),
    avatarCid        VARCHAR2(200),
    avatarType       VARCHAR2(50),
    avatarSha1       VARCHAR2(40),
    avatarSize       NUMBER(10),
    recordCid        VARCHAR2(200),
    publishedHandle  VARCHAR2(253),
    publishedAt      NUMBER(19),
    fetchedAt        NUMBER(19),
    attemptedAt      NUMBER(19),
    failures         NUMBER(10)  NOT NULL,
    nextAttempt      NUMBER(19),
    lastError        VARCHAR2(1000 CHAR),
    CONSTRAINT ofWaddleProfile_pk PRIMARY KEY (did)
);
CREATE INDEX ofWaddleProfile_fetched_idx ON ofWaddleProfile (fetchedAt);

UPDATE ofVersion SET version = 4 WHERE name = 'waddle';

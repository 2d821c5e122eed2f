-- Waddle for Openfire, schema version 4 (HSQLDB): Bluesky profiles of ATProto accounts.
-- Bluesky profiles of ATProto accounts as last read from their PDS and published to XMPP (the avatar's bytes
-- live in the account's vCard, not here); failures and nextAttempt pace retries after errors.
CREATE TABLE ofWaddleProfile (
    did              VARCHAR(300)  NOT NULL,
    displayName      VARCHAR(640),
    avatarCid        VARCHAR(200),
    avatarType       VARCHAR(50),
    avatarSha1       VARCHAR(40),
    avatarSize       INTEGER,
    recordCid        VARCHAR(200),
    publishedHandle  VARCHAR(253),
    publishedAt      BIGINT,
    fetchedAt        BIGINT,
    attemptedAt      BIGINT,
    failures         INTEGER  NOT NULL,
    nextAttempt      BIGINT,
    lastError        VARCHAR(1000),
    CONSTRAINT ofWaddleProfile_pk PRIMARY KEY (did)
);
CREATE INDEX ofWaddleProfile_fetched_idx ON ofWaddleProfile (fetchedAt);

UPDATE ofVersion SET version = 4 WHERE name = 'waddle';

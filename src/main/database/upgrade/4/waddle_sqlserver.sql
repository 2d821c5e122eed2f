-- Waddle for Openfire, schema version 4 (SQL Server): Bluesky profiles of ATProto accounts.
-- Bluesky profiles of ATProto accounts as last read from their PDS and published to XMPP (the avatar's bytes
-- live in the account's vCard, not here); failures and nextAttempt pace retries after errors.
CREATE TABLE ofWaddleProfile (
    did              NVARCHAR(300)  NOT NULL,
    displayName      NVARCHAR(640),
    avatarCid        NVARCHAR(200),
    avatarType       NVARCHAR(50),
    avatarSha1       NVARCHAR(40),
    avatarSize       INT,
    recordCid        NVARCHAR(200),
    publishedHandle  NVARCHAR(253),
    publishedAt      BIGINT,
    fetchedAt        BIGINT,
    attemptedAt      BIGINT,
    failures         INT  NOT NULL,
    nextAttempt      BIGINT,
    lastError        NVARCHAR(1000),
    CONSTRAINT ofWaddleProfile_pk PRIMARY KEY (did)
);
CREATE INDEX ofWaddleProfile_fetched_idx ON ofWaddleProfile (fetchedAt);

UPDATE ofVersion SET version = 4 WHERE name = 'waddle';

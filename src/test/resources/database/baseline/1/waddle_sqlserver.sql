-- Waddle for Openfire, schema version 1 (SQL Server).
-- ATProto accounts that have logged in; the plugin's UserProvider serves them to Openfire.
CREATE TABLE ofWaddleAccount (
    username         NVARCHAR(300)  NOT NULL,
    did              NVARCHAR(300)  NOT NULL,
    handle           NVARCHAR(253),
    handleVerified   INT           NOT NULL DEFAULT 0,
    displayName      NVARCHAR(640),
    pdsUrl           NVARCHAR(1024),
    credentialTypes  NVARCHAR(100),
    loginBlocked     INT           NOT NULL DEFAULT 0,
    firstSeen        BIGINT        NOT NULL,
    lastSeen         BIGINT        NOT NULL,
    resolvedAt       BIGINT        NOT NULL,
    CONSTRAINT ofWaddleAccount_pk PRIMARY KEY (username)
);
CREATE UNIQUE INDEX ofWaddleAccount_did_idx ON ofWaddleAccount (did);
CREATE INDEX ofWaddleAccount_handle_idx ON ofWaddleAccount (handle);

INSERT INTO ofVersion (name, version) VALUES ('waddle', 1);

-- Waddle for Openfire, schema version 1 (DB2).
-- ATProto accounts that have logged in; the plugin's UserProvider serves them to Openfire.
CREATE TABLE ofWaddleAccount (
    username         VARCHAR(300)  NOT NULL,
    did              VARCHAR(300)  NOT NULL,
    handle           VARCHAR(253),
    handleVerified   INTEGER       DEFAULT 0 NOT NULL,
    displayName      VARCHAR(640),
    pdsUrl           VARCHAR(1024),
    credentialTypes  VARCHAR(100),
    loginBlocked     INTEGER       DEFAULT 0 NOT NULL,
    firstSeen        BIGINT        NOT NULL,
    lastSeen         BIGINT        NOT NULL,
    resolvedAt       BIGINT        NOT NULL,
    CONSTRAINT ofWaddleAccount_pk PRIMARY KEY (username)
);
CREATE UNIQUE INDEX ofWaddleAccount_did_idx ON ofWaddleAccount (did);
CREATE INDEX ofWaddleAccount_handle_idx ON ofWaddleAccount (handle);

INSERT INTO ofVersion (name, version) VALUES ('waddle', 1);

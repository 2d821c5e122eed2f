-- Waddle for Openfire, schema version 1 (Oracle).
-- ATProto accounts that have logged in; the plugin's UserProvider serves them to Openfire.
CREATE TABLE ofWaddleAccount (
    username         VARCHAR2(300)  NOT NULL,
    did              VARCHAR2(300)  NOT NULL,
    handle           VARCHAR2(253),
    handleVerified   NUMBER(10)    DEFAULT 0 NOT NULL,
    displayName      VARCHAR2(640),
    pdsUrl           VARCHAR2(1024),
    credentialTypes  VARCHAR2(100),
    loginBlocked     NUMBER(10)    DEFAULT 0 NOT NULL,
    firstSeen        NUMBER(19)    NOT NULL,
    lastSeen         NUMBER(19)    NOT NULL,
    resolvedAt       NUMBER(19)    NOT NULL,
    CONSTRAINT ofWaddleAccount_pk PRIMARY KEY (username)
);
CREATE UNIQUE INDEX ofWaddleAccount_did_idx ON ofWaddleAccount (did);
CREATE INDEX ofWaddleAccount_handle_idx ON ofWaddleAccount (handle);

INSERT INTO ofVersion (name, version) VALUES ('waddle', 1);

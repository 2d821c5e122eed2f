-- Waddle for Openfire, schema version 6 (MySQL, MariaDB): web sessions of the public pages.
-- Web sessions of the public pages (Sign in with Bluesky): the SHA-256 of the session cookie's random token, never
-- the token itself; the DID and handle signed in, when the session started and ends, and the client's address.
CREATE TABLE ofWaddleWebSession (
    tokenHash        VARCHAR(64)  NOT NULL,
    did              VARCHAR(300)  NOT NULL,
    handle           VARCHAR(253),
    createdAt        BIGINT  NOT NULL,
    expiresAt        BIGINT  NOT NULL,
    address          VARCHAR(100),
    CONSTRAINT ofWaddleWebSession_pk PRIMARY KEY (tokenHash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE INDEX ofWaddleWebSession_did_idx ON ofWaddleWebSession (did);
CREATE INDEX ofWaddleWebSession_expires_idx ON ofWaddleWebSession (expiresAt);

UPDATE ofVersion SET version = 6 WHERE name = 'waddle';

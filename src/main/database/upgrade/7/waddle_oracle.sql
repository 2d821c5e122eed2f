-- Waddle for Openfire, schema version 7 (Oracle): per-device chat passwords.
-- Per-device chat passwords: the id part of the password's text (it names the row), the DID it logs in, the name
-- the person gave it, the PBKDF2 hash of its secret part (never the text), when it was created and last used, and
-- from which address.
CREATE TABLE ofWaddleDevicePassword (
    id               VARCHAR2(16)  NOT NULL,
    did              VARCHAR2(300)  NOT NULL,
    name             VARCHAR2(255 CHAR)  NOT NULL,
    passwordHash     VARCHAR2(200)  NOT NULL,
    createdAt        NUMBER(19)  NOT NULL,
    lastUsedAt       NUMBER(19),
    lastAddress      VARCHAR2(100),
    CONSTRAINT ofWaddleDevicePassword_pk PRIMARY KEY (id)
);
CREATE INDEX ofWaddleDevicePassword_did_idx ON ofWaddleDevicePassword (did);

UPDATE ofVersion SET version = 7 WHERE name = 'waddle';

-- Waddle for Openfire, schema version 7 (SQL Server): per-device chat passwords.
-- Per-device chat passwords: the id part of the password's text (it names the row), the DID it logs in, the name
-- the person gave it, the PBKDF2 hash of its secret part (never the text), when it was created and last used, and
-- from which address.
CREATE TABLE ofWaddleDevicePassword (
    id               NVARCHAR(16)  NOT NULL,
    did              NVARCHAR(300)  NOT NULL,
    name             NVARCHAR(255)  NOT NULL,
    passwordHash     NVARCHAR(200)  NOT NULL,
    createdAt        BIGINT  NOT NULL,
    lastUsedAt       BIGINT,
    lastAddress      NVARCHAR(100),
    CONSTRAINT ofWaddleDevicePassword_pk PRIMARY KEY (id)
);
CREATE INDEX ofWaddleDevicePassword_did_idx ON ofWaddleDevicePassword (did);

UPDATE ofVersion SET version = 7 WHERE name = 'waddle';

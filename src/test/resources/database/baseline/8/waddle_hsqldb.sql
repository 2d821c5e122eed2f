-- Waddle for Openfire, schema version 8 (HSQLDB).
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

-- Waddles: communities whose channels are MUC rooms. Ids come from ofWaddleSequence.
CREATE TABLE ofWaddle (
    id               BIGINT        NOT NULL,
    slug             VARCHAR(32)   NOT NULL,
    name             VARCHAR(100)  NOT NULL,
    description      VARCHAR(1000),
    ownerDid         VARCHAR(300)  NOT NULL,
    visibility       VARCHAR(20)   NOT NULL,
    createdAt        BIGINT        NOT NULL,
    updatedAt        BIGINT        NOT NULL,
    CONSTRAINT ofWaddle_pk PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ofWaddle_slug_idx ON ofWaddle (slug);

-- A channel is one persistent room named roomLocalpart; only counters of its activity are kept, never messages.
CREATE TABLE ofWaddleChannel (
    id               BIGINT        NOT NULL,
    waddleId         BIGINT        NOT NULL,
    slug             VARCHAR(32)   NOT NULL,
    roomLocalpart    VARCHAR(80)   NOT NULL,
    name             VARCHAR(100)  NOT NULL,
    topic            VARCHAR(1000),
    channelKind      VARCHAR(20)   NOT NULL,
    sortIndex        INTEGER       NOT NULL,
    isDefault        INTEGER       NOT NULL,
    messageCount     BIGINT        NOT NULL,
    lastActivity     BIGINT,
    createdAt        BIGINT        NOT NULL,
    CONSTRAINT ofWaddleChannel_pk PRIMARY KEY (id),
    CONSTRAINT ofWaddleChannel_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);
CREATE UNIQUE INDEX ofWaddleChannel_slug_idx ON ofWaddleChannel (waddleId, slug);
CREATE UNIQUE INDEX ofWaddleChannel_room_idx ON ofWaddleChannel (roomLocalpart);

CREATE TABLE ofWaddleMember (
    waddleId         BIGINT        NOT NULL,
    did              VARCHAR(300)  NOT NULL,
    memberRole       VARCHAR(20)   NOT NULL,
    joinedAt         BIGINT        NOT NULL,
    lastSeen         BIGINT,
    CONSTRAINT ofWaddleMember_pk PRIMARY KEY (waddleId, did),
    CONSTRAINT ofWaddleMember_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);
CREATE INDEX ofWaddleMember_did_idx ON ofWaddleMember (did);

CREATE TABLE ofWaddleBan (
    waddleId         BIGINT        NOT NULL,
    did              VARCHAR(300)  NOT NULL,
    reason           VARCHAR(1000),
    bannedBy         VARCHAR(300)  NOT NULL,
    bannedAt         BIGINT        NOT NULL,
    expiresAt        BIGINT,
    CONSTRAINT ofWaddleBan_pk PRIMARY KEY (waddleId, did),
    CONSTRAINT ofWaddleBan_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);
CREATE INDEX ofWaddleBan_expires_idx ON ofWaddleBan (expiresAt);

CREATE TABLE ofWaddleInvite (
    inviteCode       VARCHAR(64)   NOT NULL,
    waddleId         BIGINT        NOT NULL,
    createdBy        VARCHAR(300)  NOT NULL,
    createdAt        BIGINT        NOT NULL,
    expiresAt        BIGINT,
    maxUses          INTEGER,
    useCount         INTEGER       NOT NULL,
    CONSTRAINT ofWaddleInvite_pk PRIMARY KEY (inviteCode),
    CONSTRAINT ofWaddleInvite_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);
CREATE INDEX ofWaddleInvite_waddle_idx ON ofWaddleInvite (waddleId);

-- Audit entries outlive their Waddle, so they keep its slug and have no foreign key; actorDid is NULL when the server acted.
CREATE TABLE ofWaddleAudit (
    id               BIGINT        NOT NULL,
    waddleId         BIGINT        NOT NULL,
    waddleSlug       VARCHAR(32)   NOT NULL,
    actorDid         VARCHAR(300),
    auditAction      VARCHAR(40)   NOT NULL,
    targetDid        VARCHAR(300),
    channelSlug      VARCHAR(32),
    detail           VARCHAR(1000),
    occurredAt       BIGINT        NOT NULL,
    CONSTRAINT ofWaddleAudit_pk PRIMARY KEY (id)
);
CREATE INDEX ofWaddleAudit_waddle_idx ON ofWaddleAudit (waddleId, occurredAt);

-- Bluesky lists linked to a Waddle: a curation list (members), a moderation list or the owner's blocks (bans),
-- with what the last sync found and did.
CREATE TABLE ofWaddleListLink (
    id               BIGINT         NOT NULL,
    waddleId         BIGINT         NOT NULL,
    listUri          VARCHAR(300)   NOT NULL,
    linkKind         VARCHAR(20)    NOT NULL,
    syncMode         VARCHAR(20)    NOT NULL,
    listName         VARCHAR(640),
    linkedBy         VARCHAR(300)   NOT NULL,
    linkedAt         BIGINT         NOT NULL,
    lastSyncAt       BIGINT,
    peopleCount      INTEGER        NOT NULL,
    lastAdded        INTEGER        NOT NULL,
    lastRemoved      INTEGER        NOT NULL,
    lastBanned       INTEGER        NOT NULL,
    lastError        VARCHAR(1000),
    failures         INTEGER        NOT NULL,
    lastSkipped      INTEGER DEFAULT 0 NOT NULL,
    lastSkipNote     VARCHAR(1000),
    CONSTRAINT ofWaddleListLink_pk PRIMARY KEY (id),
    CONSTRAINT ofWaddleListLink_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);
CREATE UNIQUE INDEX ofWaddleListLink_uri_idx ON ofWaddleListLink (waddleId, listUri);

-- Members a Bluesky sync added (and which list it did it for): only these leave when they leave the list.
CREATE TABLE ofWaddleSyncMember (
    waddleId         BIGINT         NOT NULL,
    did              VARCHAR(300)   NOT NULL,
    listUri          VARCHAR(300)   NOT NULL,
    CONSTRAINT ofWaddleSyncMember_pk PRIMARY KEY (waddleId, did),
    CONSTRAINT ofWaddleSyncMember_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);

-- The last id handed out per kind of row (waddle, channel, audit); a row is added on first use.
CREATE TABLE ofWaddleSequence (
    name             VARCHAR(50)   NOT NULL,
    lastId           BIGINT        NOT NULL,
    CONSTRAINT ofWaddleSequence_pk PRIMARY KEY (name)
);

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
);
CREATE INDEX ofWaddleWebSession_did_idx ON ofWaddleWebSession (did);
CREATE INDEX ofWaddleWebSession_expires_idx ON ofWaddleWebSession (expiresAt);

-- Per-device chat passwords: the id part of the password's text (it names the row), the DID it logs in, the name
-- the person gave it, the PBKDF2 hash of its secret part (never the text), when it was created and last used, and
-- from which address.
CREATE TABLE ofWaddleDevicePassword (
    id               VARCHAR(16)  NOT NULL,
    did              VARCHAR(300)  NOT NULL,
    name             VARCHAR(255)  NOT NULL,
    passwordHash     VARCHAR(200)  NOT NULL,
    createdAt        BIGINT  NOT NULL,
    lastUsedAt       BIGINT,
    lastAddress      VARCHAR(100),
    CONSTRAINT ofWaddleDevicePassword_pk PRIMARY KEY (id)
);
CREATE INDEX ofWaddleDevicePassword_did_idx ON ofWaddleDevicePassword (did);

-- Invite links a person opened while signed in on the public pages and has not used yet: their home page lists
-- them until they join, the invite expires, is used up or revoked, or newer ones push it out.
CREATE TABLE ofWaddlePendingInvite (
    did              VARCHAR(300)  NOT NULL,
    inviteCode       VARCHAR(64)  NOT NULL,
    openedAt         BIGINT  NOT NULL,
    CONSTRAINT ofWaddlePendingInvite_pk PRIMARY KEY (did, inviteCode)
);

INSERT INTO ofVersion (name, version) VALUES ('waddle', 8);

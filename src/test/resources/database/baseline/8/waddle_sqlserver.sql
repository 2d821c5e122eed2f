-- Waddle for Openfire, schema version 8 (SQL Server).
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

-- Waddles: communities whose channels are MUC rooms. Ids come from ofWaddleSequence.
CREATE TABLE ofWaddle (
    id               BIGINT        NOT NULL,
    slug             NVARCHAR(32)   NOT NULL,
    name             NVARCHAR(100)  NOT NULL,
    description      NVARCHAR(1000),
    ownerDid         NVARCHAR(300)  NOT NULL,
    visibility       NVARCHAR(20)   NOT NULL,
    createdAt        BIGINT        NOT NULL,
    updatedAt        BIGINT        NOT NULL,
    CONSTRAINT ofWaddle_pk PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ofWaddle_slug_idx ON ofWaddle (slug);

-- A channel is one persistent room named roomLocalpart; only counters of its activity are kept, never messages.
CREATE TABLE ofWaddleChannel (
    id               BIGINT        NOT NULL,
    waddleId         BIGINT        NOT NULL,
    slug             NVARCHAR(32)   NOT NULL,
    roomLocalpart    NVARCHAR(80)   NOT NULL,
    name             NVARCHAR(100)  NOT NULL,
    topic            NVARCHAR(1000),
    channelKind      NVARCHAR(20)   NOT NULL,
    sortIndex        INT           NOT NULL,
    isDefault        INT           NOT NULL,
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
    did              NVARCHAR(300)  NOT NULL,
    memberRole       NVARCHAR(20)   NOT NULL,
    joinedAt         BIGINT        NOT NULL,
    lastSeen         BIGINT,
    CONSTRAINT ofWaddleMember_pk PRIMARY KEY (waddleId, did),
    CONSTRAINT ofWaddleMember_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);
CREATE INDEX ofWaddleMember_did_idx ON ofWaddleMember (did);

CREATE TABLE ofWaddleBan (
    waddleId         BIGINT        NOT NULL,
    did              NVARCHAR(300)  NOT NULL,
    reason           NVARCHAR(1000),
    bannedBy         NVARCHAR(300)  NOT NULL,
    bannedAt         BIGINT        NOT NULL,
    expiresAt        BIGINT,
    CONSTRAINT ofWaddleBan_pk PRIMARY KEY (waddleId, did),
    CONSTRAINT ofWaddleBan_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);
CREATE INDEX ofWaddleBan_expires_idx ON ofWaddleBan (expiresAt);

CREATE TABLE ofWaddleInvite (
    inviteCode       NVARCHAR(64)   NOT NULL,
    waddleId         BIGINT        NOT NULL,
    createdBy        NVARCHAR(300)  NOT NULL,
    createdAt        BIGINT        NOT NULL,
    expiresAt        BIGINT,
    maxUses          INT,
    useCount         INT           NOT NULL,
    CONSTRAINT ofWaddleInvite_pk PRIMARY KEY (inviteCode),
    CONSTRAINT ofWaddleInvite_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);
CREATE INDEX ofWaddleInvite_waddle_idx ON ofWaddleInvite (waddleId);

-- Audit entries outlive their Waddle, so they keep its slug and have no foreign key; actorDid is NULL when the server acted.
CREATE TABLE ofWaddleAudit (
    id               BIGINT        NOT NULL,
    waddleId         BIGINT        NOT NULL,
    waddleSlug       NVARCHAR(32)   NOT NULL,
    actorDid         NVARCHAR(300),
    auditAction      NVARCHAR(40)   NOT NULL,
    targetDid        NVARCHAR(300),
    channelSlug      NVARCHAR(32),
    detail           NVARCHAR(1000),
    occurredAt       BIGINT        NOT NULL,
    CONSTRAINT ofWaddleAudit_pk PRIMARY KEY (id)
);
CREATE INDEX ofWaddleAudit_waddle_idx ON ofWaddleAudit (waddleId, occurredAt);

-- Bluesky lists linked to a Waddle: a curation list (members), a moderation list or the owner's blocks (bans),
-- with what the last sync found and did.
CREATE TABLE ofWaddleListLink (
    id               BIGINT         NOT NULL,
    waddleId         BIGINT         NOT NULL,
    listUri          NVARCHAR(300)  NOT NULL,
    linkKind         NVARCHAR(20)   NOT NULL,
    syncMode         NVARCHAR(20)   NOT NULL,
    listName         NVARCHAR(640),
    linkedBy         NVARCHAR(300)  NOT NULL,
    linkedAt         BIGINT         NOT NULL,
    lastSyncAt       BIGINT,
    peopleCount      INT            NOT NULL,
    lastAdded        INT            NOT NULL,
    lastRemoved      INT            NOT NULL,
    lastBanned       INT            NOT NULL,
    lastError        NVARCHAR(1000),
    failures         INT            NOT NULL,
    lastSkipped      INT DEFAULT 0 NOT NULL,
    lastSkipNote     NVARCHAR(1000),
    CONSTRAINT ofWaddleListLink_pk PRIMARY KEY (id),
    CONSTRAINT ofWaddleListLink_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);
CREATE UNIQUE INDEX ofWaddleListLink_uri_idx ON ofWaddleListLink (waddleId, listUri);

-- Members a Bluesky sync added (and which list it did it for): only these leave when they leave the list.
CREATE TABLE ofWaddleSyncMember (
    waddleId         BIGINT         NOT NULL,
    did              NVARCHAR(300)  NOT NULL,
    listUri          NVARCHAR(300)  NOT NULL,
    CONSTRAINT ofWaddleSyncMember_pk PRIMARY KEY (waddleId, did),
    CONSTRAINT ofWaddleSyncMember_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);

-- The last id handed out per kind of row (waddle, channel, audit); a row is added on first use.
CREATE TABLE ofWaddleSequence (
    name             NVARCHAR(50)   NOT NULL,
    lastId           BIGINT        NOT NULL,
    CONSTRAINT ofWaddleSequence_pk PRIMARY KEY (name)
);

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

-- Web sessions of the public pages (Sign in with Bluesky): the SHA-256 of the session cookie's random token, never
-- the token itself; the DID and handle signed in, when the session started and ends, and the client's address.
CREATE TABLE ofWaddleWebSession (
    tokenHash        NVARCHAR(64)  NOT NULL,
    did              NVARCHAR(300)  NOT NULL,
    handle           NVARCHAR(253),
    createdAt        BIGINT  NOT NULL,
    expiresAt        BIGINT  NOT NULL,
    address          NVARCHAR(100),
    CONSTRAINT ofWaddleWebSession_pk PRIMARY KEY (tokenHash)
);
CREATE INDEX ofWaddleWebSession_did_idx ON ofWaddleWebSession (did);
CREATE INDEX ofWaddleWebSession_expires_idx ON ofWaddleWebSession (expiresAt);

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

-- Invite links a person opened while signed in on the public pages and has not used yet: their home page lists
-- them until they join, the invite expires, is used up or revoked, or newer ones push it out.
CREATE TABLE ofWaddlePendingInvite (
    did              NVARCHAR(300)  NOT NULL,
    inviteCode       NVARCHAR(64)  NOT NULL,
    openedAt         BIGINT  NOT NULL,
    CONSTRAINT ofWaddlePendingInvite_pk PRIMARY KEY (did, inviteCode)
);

INSERT INTO ofVersion (name, version) VALUES ('waddle', 8);

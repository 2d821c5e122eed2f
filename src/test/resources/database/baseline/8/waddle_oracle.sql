-- Waddle for Openfire, schema version 8 (Oracle).
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

-- Waddles: communities whose channels are MUC rooms. Ids come from ofWaddleSequence.
CREATE TABLE ofWaddle (
    id               NUMBER(19)    NOT NULL,
    slug             VARCHAR2(32)   NOT NULL,
    name             VARCHAR2(100 CHAR)  NOT NULL,
    description      VARCHAR2(1000 CHAR),
    ownerDid         VARCHAR2(300)  NOT NULL,
    visibility       VARCHAR2(20)   NOT NULL,
    createdAt        NUMBER(19)    NOT NULL,
    updatedAt        NUMBER(19)    NOT NULL,
    CONSTRAINT ofWaddle_pk PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ofWaddle_slug_idx ON ofWaddle (slug);

-- A channel is one persistent room named roomLocalpart; only counters of its activity are kept, never messages.
CREATE TABLE ofWaddleChannel (
    id               NUMBER(19)    NOT NULL,
    waddleId         NUMBER(19)    NOT NULL,
    slug             VARCHAR2(32)   NOT NULL,
    roomLocalpart    VARCHAR2(80)   NOT NULL,
    name             VARCHAR2(100 CHAR)  NOT NULL,
    topic            VARCHAR2(1000 CHAR),
    channelKind      VARCHAR2(20)   NOT NULL,
    sortIndex        NUMBER(10)    NOT NULL,
    isDefault        NUMBER(10)    NOT NULL,
    messageCount     NUMBER(19)    NOT NULL,
    lastActivity     NUMBER(19),
    createdAt        NUMBER(19)    NOT NULL,
    CONSTRAINT ofWaddleChannel_pk PRIMARY KEY (id),
    CONSTRAINT ofWaddleChannel_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);
CREATE UNIQUE INDEX ofWaddleChannel_slug_idx ON ofWaddleChannel (waddleId, slug);
CREATE UNIQUE INDEX ofWaddleChannel_room_idx ON ofWaddleChannel (roomLocalpart);

CREATE TABLE ofWaddleMember (
    waddleId         NUMBER(19)    NOT NULL,
    did              VARCHAR2(300)  NOT NULL,
    memberRole       VARCHAR2(20)   NOT NULL,
    joinedAt         NUMBER(19)    NOT NULL,
    lastSeen         NUMBER(19),
    CONSTRAINT ofWaddleMember_pk PRIMARY KEY (waddleId, did),
    CONSTRAINT ofWaddleMember_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);
CREATE INDEX ofWaddleMember_did_idx ON ofWaddleMember (did);

CREATE TABLE ofWaddleBan (
    waddleId         NUMBER(19)    NOT NULL,
    did              VARCHAR2(300)  NOT NULL,
    reason           VARCHAR2(1000 CHAR),
    bannedBy         VARCHAR2(300)  NOT NULL,
    bannedAt         NUMBER(19)    NOT NULL,
    expiresAt        NUMBER(19),
    CONSTRAINT ofWaddleBan_pk PRIMARY KEY (waddleId, did),
    CONSTRAINT ofWaddleBan_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);
CREATE INDEX ofWaddleBan_expires_idx ON ofWaddleBan (expiresAt);

CREATE TABLE ofWaddleInvite (
    inviteCode       VARCHAR2(64)   NOT NULL,
    waddleId         NUMBER(19)    NOT NULL,
    createdBy        VARCHAR2(300)  NOT NULL,
    createdAt        NUMBER(19)    NOT NULL,
    expiresAt        NUMBER(19),
    maxUses          NUMBER(10),
    useCount         NUMBER(10)    NOT NULL,
    CONSTRAINT ofWaddleInvite_pk PRIMARY KEY (inviteCode),
    CONSTRAINT ofWaddleInvite_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);
CREATE INDEX ofWaddleInvite_waddle_idx ON ofWaddleInvite (waddleId);

-- Audit entries outlive their Waddle, so they keep its slug and have no foreign key; actorDid is NULL when the server acted.
CREATE TABLE ofWaddleAudit (
    id               NUMBER(19)    NOT NULL,
    waddleId         NUMBER(19)    NOT NULL,
    waddleSlug       VARCHAR2(32)   NOT NULL,
    actorDid         VARCHAR2(300),
    auditAction      VARCHAR2(40)   NOT NULL,
    targetDid        VARCHAR2(300),
    channelSlug      VARCHAR2(32),
    detail           VARCHAR2(1000 CHAR),
    occurredAt       NUMBER(19)    NOT NULL,
    CONSTRAINT ofWaddleAudit_pk PRIMARY KEY (id)
);
CREATE INDEX ofWaddleAudit_waddle_idx ON ofWaddleAudit (waddleId, occurredAt);

-- Bluesky lists linked to a Waddle: a curation list (members), a moderation list or the owner's blocks (bans),
-- with what the last sync found and did.
CREATE TABLE ofWaddleListLink (
    id               NUMBER(19)     NOT NULL,
    waddleId         NUMBER(19)     NOT NULL,
    listUri          VARCHAR2(300)  NOT NULL,
    linkKind         VARCHAR2(20)   NOT NULL,
    syncMode         VARCHAR2(20)   NOT NULL,
    listName         VARCHAR2(640 CHAR),
    linkedBy         VARCHAR2(300)  NOT NULL,
    linkedAt         NUMBER(19)     NOT NULL,
    lastSyncAt       NUMBER(19),
    peopleCount      NUMBER(10)     NOT NULL,
    lastAdded        NUMBER(10)     NOT NULL,
    lastRemoved      NUMBER(10)     NOT NULL,
    lastBanned       NUMBER(10)     NOT NULL,
    lastError        VARCHAR2(1000 CHAR),
    failures         NUMBER(10)     NOT NULL,
    lastSkipped      NUMBER(10) DEFAULT 0 NOT NULL,
    lastSkipNote     VARCHAR2(1000 CHAR),
    CONSTRAINT ofWaddleListLink_pk PRIMARY KEY (id),
    CONSTRAINT ofWaddleListLink_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);
CREATE UNIQUE INDEX ofWaddleListLink_uri_idx ON ofWaddleListLink (waddleId, listUri);

-- Members a Bluesky sync added (and which list it did it for): only these leave when they leave the list.
CREATE TABLE ofWaddleSyncMember (
    waddleId         NUMBER(19)     NOT NULL,
    did              VARCHAR2(300)  NOT NULL,
    listUri          VARCHAR2(300)  NOT NULL,
    CONSTRAINT ofWaddleSyncMember_pk PRIMARY KEY (waddleId, did),
    CONSTRAINT ofWaddleSyncMember_waddle_fk FOREIGN KEY (waddleId) REFERENCES ofWaddle (id)
);

-- The last id handed out per kind of row (waddle, channel, audit); a row is added on first use.
CREATE TABLE ofWaddleSequence (
    name             VARCHAR2(50)   NOT NULL,
    lastId           NUMBER(19)    NOT NULL,
    CONSTRAINT ofWaddleSequence_pk PRIMARY KEY (name)
);

-- Bluesky profiles of ATProto accounts as last read from their PDS and published to XMPP (the avatar's bytes
-- live in the account's vCard, not here); failures and nextAttempt pace retries after errors.
CREATE TABLE ofWaddleProfile (
    did              VARCHAR2(300)  NOT NULL,
    displayName      VARCHAR2(640 CHAR),
    avatarCid        VARCHAR2(200),
    avatarType       VARCHAR2(50),
    avatarSha1       VARCHAR2(40),
    avatarSize       NUMBER(10),
    recordCid        VARCHAR2(200),
    publishedHandle  VARCHAR2(253),
    publishedAt      NUMBER(19),
    fetchedAt        NUMBER(19),
    attemptedAt      NUMBER(19),
    failures         NUMBER(10)  NOT NULL,
    nextAttempt      NUMBER(19),
    lastError        VARCHAR2(1000 CHAR),
    CONSTRAINT ofWaddleProfile_pk PRIMARY KEY (did)
);
CREATE INDEX ofWaddleProfile_fetched_idx ON ofWaddleProfile (fetchedAt);

-- Web sessions of the public pages (Sign in with Bluesky): the SHA-256 of the session cookie's random token, never
-- the token itself; the DID and handle signed in, when the session started and ends, and the client's address.
CREATE TABLE ofWaddleWebSession (
    tokenHash        VARCHAR2(64)  NOT NULL,
    did              VARCHAR2(300)  NOT NULL,
    handle           VARCHAR2(253),
    createdAt        NUMBER(19)  NOT NULL,
    expiresAt        NUMBER(19)  NOT NULL,
    address          VARCHAR2(100),
    CONSTRAINT ofWaddleWebSession_pk PRIMARY KEY (tokenHash)
);
CREATE INDEX ofWaddleWebSession_did_idx ON ofWaddleWebSession (did);
CREATE INDEX ofWaddleWebSession_expires_idx ON ofWaddleWebSession (expiresAt);

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

-- Invite links a person opened while signed in on the public pages and has not used yet: their home page lists
-- them until they join, the invite expires, is used up or revoked, or newer ones push it out.
CREATE TABLE ofWaddlePendingInvite (
    did              VARCHAR2(300)  NOT NULL,
    inviteCode       VARCHAR2(64)  NOT NULL,
    openedAt         NUMBER(19)  NOT NULL,
    CONSTRAINT ofWaddlePendingInvite_pk PRIMARY KEY (did, inviteCode)
);

INSERT INTO ofVersion (name, version) VALUES ('waddle', 8);

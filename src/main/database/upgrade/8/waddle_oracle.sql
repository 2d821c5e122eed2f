-- Waddle for Openfire, schema version 8 (Oracle): invite links opened and not used yet.
-- Invite links a person opened while signed in on the public pages and has not used yet: their home page lists
-- them until they join, the invite expires, is used up or revoked, or newer ones push it out.
CREATE TABLE ofWaddlePendingInvite (
    did              VARCHAR2(300)  NOT NULL,
    inviteCode       VARCHAR2(64)  NOT NULL,
    openedAt         NUMBER(19)  NOT NULL,
    CONSTRAINT ofWaddlePendingInvite_pk PRIMARY KEY (did, inviteCode)
);

UPDATE ofVersion SET version = 8 WHERE name = 'waddle';

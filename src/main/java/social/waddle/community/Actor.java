package social.waddle.community;

import java.util.Objects;
import java.util.Optional;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.syntax.Did;

/**
 * Who makes a change to a Waddle: a {@link Person} known by DID, whose role in the Waddle decides what they may do, or
 * a {@link ServerAdmin} of this server acting from the admin console.
 *
 * <p>A server admin has no DID and is never a member, but may do everything the Waddle's owner may: manage the Waddle,
 * its channels, members, bans and invites, create Waddles for an owner, hand ownership on and delete. Like the owner,
 * a server admin cannot remove, ban or demote the owner (ownership only moves by transfer). Audit entries, bans and
 * invites name the admin by console username.
 *
 * <p>Stored as one text ({@link #stored()}): the DID, or {@code admin:} and the username. DIDs always start with
 * {@code did:}, so the two never collide.
 */
public sealed interface Actor permits Actor.Person, Actor.ServerAdmin, Actor.BlueskySync {

    /** The prefix of a stored server admin. */
    String SERVER_ADMIN_PREFIX = "admin:";
    /** The prefix of a stored {@link BlueskySync}. */
    String BLUESKY_SYNC_PREFIX = "bsky-sync:";
    /** Openfire's usernames are at most 64 characters long. */
    int MAX_USERNAME_LENGTH = 64;

    static Actor of(Did did) {
        return new Person(did);
    }

    static Actor serverAdmin(String username) {
        return new ServerAdmin(username);
    }

    /** The acting person's DID; empty for a server admin. */
    Optional<Did> personDid();

    /** The text kept in the database for this actor. */
    String stored();

    /** Reads what {@link #stored()} wrote. */
    static Actor parseStored(String stored) {
        Objects.requireNonNull(stored);
        if (stored.startsWith(BLUESKY_SYNC_PREFIX)) {
            return new BlueskySync(stored.substring(BLUESKY_SYNC_PREFIX.length()));
        }
        if (stored.startsWith(SERVER_ADMIN_PREFIX)) {
            return new ServerAdmin(stored.substring(SERVER_ADMIN_PREFIX.length()));
        }
        try {
            return new Person(Did.parse(stored));
        } catch (AtprotoException e) {
            throw new IllegalArgumentException("Stored actor '" + stored + "' is neither a DID nor a server admin", e);
        }
    }

    /** Someone known by DID; what they may do depends on their role in the Waddle. */
    record Person(Did did) implements Actor {

        public Person {
            Objects.requireNonNull(did);
        }

        @Override
        public Optional<Did> personDid() {
            return Optional.of(did);
        }

        @Override
        public String stored() {
            return did.toString();
        }

        @Override
        public String toString() {
            return did.toString();
        }
    }

    /** An admin of this server, by admin console username, acting with the owner's powers without being a member. */
    record ServerAdmin(String username) implements Actor {

        public ServerAdmin {
            Objects.requireNonNull(username);
            if (username.isBlank() || username.length() > MAX_USERNAME_LENGTH
                    || username.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException("Not a console username: '" + username + "'");
            }
        }

        @Override
        public Optional<Did> personDid() {
            return Optional.empty();
        }

        @Override
        public String stored() {
            return SERVER_ADMIN_PREFIX + username;
        }

        @Override
        public String toString() {
            return "server admin " + username;
        }
    }

    /**
     * The Bluesky sync acting for the linked list {@code listUri}: it acts with an admin's rank, so it never removes,
     * bans or demotes the owner or an admin.
     */
    record BlueskySync(String listUri) implements Actor {

        /** Stored text fits the 300 characters of the actor columns. */
        public static final int MAX_URI_LENGTH = 300 - BLUESKY_SYNC_PREFIX.length();

        public BlueskySync {
            Objects.requireNonNull(listUri);
            if (!listUri.startsWith("at://") || listUri.length() > MAX_URI_LENGTH
                    || listUri.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("Not a linked list's AT URI: '" + listUri + "'");
            }
        }

        @Override
        public Optional<Did> personDid() {
            return Optional.empty();
        }

        @Override
        public String stored() {
            return BLUESKY_SYNC_PREFIX + listUri;
        }

        @Override
        public String toString() {
            return "Bluesky sync " + listUri;
        }
    }
}

package social.waddle.community;

import java.util.Optional;
import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.graph.BlueskyList;
import social.waddle.atproto.graph.GraphPeople;
import social.waddle.atproto.syntax.Did;

/** Where a Bluesky sync reads lists and blocks from (the list owner's PDS; a fake in tests). */
public interface ListSource {

    /** The DID of a repository named by handle or DID. */
    Did resolveRepo(String handleOrDid) throws AtprotoException;

    /**
     * The revision of the repository's latest commit: while it is unchanged, so are its lists, items and blocks, and a
     * sync need not read them again.
     */
    String latestRevision(Did repo) throws AtprotoException;

    BlueskyList readList(Did repo, String rkey) throws AtprotoException;

    GraphPeople readBlocks(Did repo) throws AtprotoException;

    /**
     * Why a person a list names cannot be a member, if their DID does not resolve to a DID document (not found,
     * tombstoned, malformed, a method or address not supported or allowed); empty when it resolves.
     *
     * @throws AtprotoException when resolution failed for a reason that may pass (network, timeout, rate limit): the
     *                          sync stops and changes nothing rather than skip the person
     */
    Optional<String> whyUnresolvable(Did person) throws AtprotoException;
}

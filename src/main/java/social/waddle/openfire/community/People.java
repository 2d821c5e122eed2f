package social.waddle.openfire.community;

import java.util.Optional;

import org.xmpp.packet.JID;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.identity.JidLocalpart;
import social.waddle.atproto.syntax.Did;

/**
 * Who people are to the Waddle domain: the DID behind a JID of this server (ATProto accounts bind
 * {@code <DID-derived localpart>@<domain>}, see {@link JidLocalpart}), and the person a form names by JID or DID.
 */
final class People {

    private final String xmppDomain;

    People(String xmppDomain) {
        this.xmppDomain = xmppDomain;
    }

    String xmppDomain() {
        return xmppDomain;
    }

    /** Whether {@code jid} is an account of this server (ATProto or not). */
    boolean isLocalAccount(JID jid) {
        return jid != null && jid.getNode() != null && xmppDomain.equals(jid.getDomain());
    }

    /** The DID of the ATProto account behind {@code jid}, or empty for anyone else. */
    Optional<Did> didOf(JID jid) {
        return isLocalAccount(jid) ? JidLocalpart.toDid(jid.getNode()) : Optional.empty();
    }

    /** The caller's DID; refuses callers that are not ATProto accounts of this server. */
    Did caller(JID jid) throws CommandInputException {
        return didOf(jid).orElseThrow(() -> new CommandInputException("Waddles are for Bluesky (ATProto) accounts; "
                + (jid == null ? "this caller" : jid.toBareJID()) + " is not one. Log in with your handle or DID to "
                + "use them."));
    }

    /** The person a form field names: their DID, or their bare JID on this server. */
    Did person(String label, String value) throws CommandInputException {
        String text = value.strip();
        if (text.startsWith("did:")) {
            try {
                Did did = Did.parse(text);
                JidLocalpart.toLocalpart(did);
                return did;
            } catch (AtprotoException e) {
                throw new CommandInputException("'" + label + "': " + e.getMessage());
            }
        }
        JID jid;
        try {
            jid = new JID(text);
        } catch (IllegalArgumentException e) {
            throw new CommandInputException("'" + label + "' must be a JID or a DID, not '" + text + "'.");
        }
        return didOf(jid).orElseThrow(() -> new CommandInputException("'" + label + "': " + jid.toBareJID()
                + " is not a Bluesky (ATProto) account of " + xmppDomain + "; give their JID on " + xmppDomain
                + " or their DID."));
    }

    /** The bare JID of the account bound to {@code did} on this server. */
    String jidOf(Did did) {
        try {
            return JidLocalpart.toLocalpart(did) + "@" + xmppDomain;
        } catch (AtprotoException e) {
            return did.toString();
        }
    }
}

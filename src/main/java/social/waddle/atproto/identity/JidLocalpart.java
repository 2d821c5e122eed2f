package social.waddle.atproto.identity;

import java.util.Optional;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;
import social.waddle.atproto.syntax.Did;
import social.waddle.atproto.syntax.InputExcerpt;

/**
 * The reversible, collision-free mapping between an ATProto DID and the localpart of the account's XMPP JID.
 *
 * <ul>
 *   <li>{@code did:plc:<id>} ↔ {@code <id>}: exactly 24 characters of {@code [a-z2-7]}.</li>
 *   <li>{@code did:web:<host>} ↔ {@code web.<host>}, and {@code did:web:localhost%3A<port>} ↔
 *       {@code web.localhost_<port>}.</li>
 * </ul>
 *
 * <p>Why this is a bijection: {@link Did#checkResolvable} only accepts did:web hosts made of lower-case {@code [a-z0-9.-]}
 * (so the host is copied verbatim, and {@code my-site.com} and {@code my.site.com} stay distinct) and a port only as
 * {@code localhost%3A} + a canonical decimal number; {@code _} never occurs in a host, so it separates the port
 * unambiguously. A web localpart always contains a dot, which a plc identifier never does, so the two families are
 * disjoint, and neither can equal an ordinary account name without a dot such as {@code admin}. {@link #toDid}
 * accepts only localparts that map back to themselves.
 *
 * <p>Every localpart produced is lower-case ASCII from {@code [a-z0-9._-]} (Openfire's case folding leaves it
 * unchanged), contains none of the characters RFC 7622 forbids in a localpart ({@code " & ' / : < > @} and space)
 * and is at most 257 bytes, well under the 1023-byte limit.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7622#section-3.3">RFC 7622, localpart</a>
 */
public final class JidLocalpart {

    public static final String WEB_PREFIX = "web.";

    private static final char PORT_SEPARATOR = '_';
    private static final String DID_WEB = "did:web:";
    private static final String ENCODED_PORT_SEPARATOR = "%3A";

    private JidLocalpart() {
    }

    /**
     * The localpart of the JID bound to {@code did}.
     *
     * @throws AtprotoException {@link Failure#UNSUPPORTED} for DID methods other than plc and web,
     *     {@link Failure#INVALID_SYNTAX} for plc and web DIDs that break their method's rules
     */
    public static String toLocalpart(Did did) throws AtprotoException {
        did.checkResolvable();
        if (did.isPlc()) {
            return did.identifier();
        }
        if (did.isWeb()) {
            String localpart = WEB_PREFIX + did.webHost();
            return did.webPort().isPresent() ? localpart + PORT_SEPARATOR + did.webPort().getAsInt() : localpart;
        }
        throw new IllegalStateException("checkResolvable admitted " + did);
    }

    /** The DID whose account owns {@code localpart}, or empty when it is not an ATProto localpart (e.g. {@code admin}). */
    public static Optional<Did> toDid(String localpart) {
        if (localpart == null) {
            return Optional.empty();
        }
        String candidate;
        if (isPlcIdentifier(localpart)) {
            candidate = "did:plc:" + localpart;
        } else if (localpart.startsWith(WEB_PREFIX)) {
            String host = localpart.substring(WEB_PREFIX.length());
            int portAt = host.indexOf(PORT_SEPARATOR);
            candidate = portAt < 0 ? DID_WEB + host
                    : DID_WEB + host.substring(0, portAt) + ENCODED_PORT_SEPARATOR + host.substring(portAt + 1);
        } else {
            return Optional.empty();
        }
        if (!Did.isValid(candidate)) {
            return Optional.empty();
        }
        try {
            Did did = Did.parse(candidate);
            return toLocalpart(did).equals(localpart) ? Optional.of(did) : Optional.empty();
        } catch (AtprotoException notAtproto) {
            return Optional.empty();
        }
    }

    /** Like {@link #toDid}, but refusing non-ATProto localparts with {@link Failure#INVALID_SYNTAX}. */
    public static Did requireDid(String localpart) throws AtprotoException {
        return toDid(localpart).orElseThrow(() -> new AtprotoException(Failure.INVALID_SYNTAX,
                "Localpart " + InputExcerpt.quote(localpart) + " does not belong to an ATProto account"));
    }

    public static boolean isAtprotoLocalpart(String localpart) {
        return toDid(localpart).isPresent();
    }

    private static boolean isPlcIdentifier(String localpart) {
        if (localpart.length() != Did.PLC_IDENTIFIER_LENGTH) {
            return false;
        }
        for (int i = 0; i < localpart.length(); i++) {
            if (!Did.isPlcCharacter(localpart.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}

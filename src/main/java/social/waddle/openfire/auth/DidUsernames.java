package social.waddle.openfire.auth;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.identity.JidLocalpart;
import social.waddle.atproto.syntax.Did;

/**
 * Turns a DID typed as the SASL PLAIN username into the DID-derived localpart before Openfire sees it.
 *
 * <p>Why: Openfire 5.x's {@code AuthFactory.authenticate} first asks {@code LockOutManager} about the username, which
 * builds a JID from it; {@code did:plc:…} is not a valid localpart (RFC 7622 §3.3.1 forbids {@code :}), the exception
 * is swallowed by the SASL callback handler and the client gets a bare {@code not-authorized} before any provider
 * runs. The DID-derived localpart ({@link JidLocalpart}) names the same account, is a valid localpart, and is the name
 * Openfire's lockout of that account is kept under, so the lockout applies to DID logins as to any other.
 *
 * <p>Two spellings are recognised: the raw DID (clients with a separate username field) and its
 * <a href="https://xmpp.org/extensions/xep-0106.html">XEP-0106</a> escaped form {@code did\3aplc\3a…}, which clients
 * send when a DID is typed into a JID field. Either may carry {@code @<this server's domain>}. Anything else passes
 * unchanged; a DID without a JID mapping (say {@code did:key}) too, and is refused as before.
 */
final class DidUsernames {

    private static final String ESCAPED_COLON = "\\3a";
    private static final String DID_PREFIX = "did:";
    private static final String ESCAPED_DID_PREFIX = "did" + ESCAPED_COLON;

    private DidUsernames() {
    }

    /**
     * The localpart of the account named by {@code username} when it is a DID with a JID mapping, raw or escaped,
     * optionally followed by {@code @domain}; empty otherwise.
     */
    static Optional<String> localpartOf(String username, String domain) {
        if (username == null) {
            return Optional.empty();
        }
        String name = withoutDomain(username.strip(), domain);
        String candidate;
        if (name.startsWith(DID_PREFIX)) {
            candidate = name;
        } else if (name.toLowerCase(Locale.ROOT).startsWith(ESCAPED_DID_PREFIX)) {
            candidate = unescaped(name);
        } else {
            return Optional.empty();
        }
        if (!Did.isValid(candidate)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JidLocalpart.toLocalpart(Did.parse(candidate)));
        } catch (AtprotoException noJidMapping) {
            return Optional.empty();
        }
    }

    /**
     * The SASL PLAIN message (RFC 4616 §2: {@code [authzid] NUL authcid NUL passwd}) with a DID authcid, and an authzid
     * naming the same kind of DID, replaced by the DID-derived localpart; the same array when there is nothing to
     * replace or the message is not of that shape (Openfire then judges it as it would have).
     */
    static byte[] rewritePlain(byte[] message, String domain) {
        if (message == null) {
            return null;
        }
        int first = indexOf(message, 0);
        int second = first < 0 ? -1 : indexOf(message, first + 1);
        if (second < 0 || indexOf(message, second + 1) >= 0) {
            return message;
        }
        String authzid = new String(message, 0, first, StandardCharsets.UTF_8);
        String authcid = new String(message, first + 1, second - first - 1, StandardCharsets.UTF_8);
        Optional<String> authcidLocalpart = localpartOf(authcid, domain);
        Optional<String> authzidLocalpart = authzid.isEmpty() ? Optional.empty() : localpartOf(authzid, domain);
        if (authcidLocalpart.isEmpty() && authzidLocalpart.isEmpty()) {
            return message;
        }
        byte[] newAuthzid = authzidLocalpart.orElse(authzid).getBytes(StandardCharsets.UTF_8);
        byte[] newAuthcid = authcidLocalpart.orElse(authcid).getBytes(StandardCharsets.UTF_8);
        int passwordLength = message.length - second - 1;
        byte[] rewritten = new byte[newAuthzid.length + 1 + newAuthcid.length + 1 + passwordLength];
        System.arraycopy(newAuthzid, 0, rewritten, 0, newAuthzid.length);
        System.arraycopy(newAuthcid, 0, rewritten, newAuthzid.length + 1, newAuthcid.length);
        System.arraycopy(message, second + 1, rewritten, newAuthzid.length + 1 + newAuthcid.length + 1, passwordLength);
        return rewritten;
    }

    private static int indexOf(byte[] message, int from) {
        for (int i = from; i < message.length; i++) {
            if (message[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String withoutDomain(String name, String domain) {
        int at = name.lastIndexOf('@');
        if (at < 0 || domain == null || !name.substring(at + 1).equalsIgnoreCase(domain)) {
            return name;
        }
        return name.substring(0, at);
    }

    /**
     * XEP-0106 §4.3 unescaping of a localpart. A localpart has been case-folded (RFC 7613 UsernameCaseMapped), so the
     * DID is read in lower case; the one upper-case part a mapped DID can have, the {@code %3A} before a did:web port,
     * is restored.
     */
    static String unescaped(String localpart) {
        StringBuilder out = new StringBuilder(localpart.length());
        String lower = localpart.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (c == '\\' && i + 2 < lower.length()) {
                Character decoded = decode(lower.substring(i + 1, i + 3));
                if (decoded != null) {
                    out.append(decoded);
                    i += 2;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString().replace("%3a", "%3A");
    }

    /** The XEP-0106 §3 table. */
    private static Character decode(String hex) {
        switch (hex) {
            case "20": return ' ';
            case "22": return '"';
            case "26": return '&';
            case "27": return '\'';
            case "2f": return '/';
            case "3a": return ':';
            case "3c": return '<';
            case "3e": return '>';
            case "40": return '@';
            case "5c": return '\\';
            default: return null;
        }
    }
}

package social.waddle.atproto.syntax;

import java.util.OptionalInt;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

/**
 * A DID in the generic syntax ATProto accepts: {@code did:}, a method of lower-case letters, and a method-specific
 * identifier of {@code [a-zA-Z0-9._:%-]} that does not end with {@code :}, at most 2048 characters. Any method parses
 * ({@code did:plc:asdf123} is valid syntax, as the spec's AT-URI examples use it); the rules of the two methods
 * ATProto resolves are checked by {@link #checkResolvable()} where login and resolution need them: {@code plc}
 * (exactly 24 characters of base32 {@code [a-z2-7]}) and {@code web} (a lower-case hostname, no path; a
 * percent-encoded port only on {@code localhost}).
 *
 * @see <a href="https://atproto.com/specs/did">ATProto DID</a>
 * @see <a href="https://github.com/did-method-plc/did-method-plc">did:plc</a>
 * @see <a href="https://w3c-ccg.github.io/did-method-web/">did:web</a>
 */
public final class Did extends Identifier {

    public static final int MAX_LENGTH = 2048;
    public static final int PLC_IDENTIFIER_LENGTH = 24;

    private static final String PREFIX = "did:";
    private static final String PORT_SEPARATOR = "%3A";
    private static final String LOCALHOST = "localhost";

    private final String method;
    private final String identifier;

    private Did(String value, String method, String identifier) {
        super(value);
        this.method = method;
        this.identifier = identifier;
    }

    public static Did parse(String input) throws AtprotoException {
        return parseOrExplain(input, true);
    }

    public static boolean isValid(String input) {
        try {
            return parseOrExplain(input, false) != null;
        } catch (AtprotoException impossible) {
            return false;
        }
    }

    /** Parses, returning {@code null} instead of throwing when {@code explain} is false. */
    private static Did parseOrExplain(String input, boolean explain) throws AtprotoException {
        String problem = genericProblem(input);
        if (problem == null) {
            int methodEnd = input.indexOf(':', PREFIX.length());
            return new Did(input, input.substring(PREFIX.length(), methodEnd), input.substring(methodEnd + 1));
        }
        if (explain) {
            throw new AtprotoException(Failure.INVALID_SYNTAX, problem);
        }
        return null;
    }

    private static String genericProblem(String input) {
        if (input == null) {
            return "DID is missing";
        }
        if (input.isEmpty()) {
            return "DID is empty";
        }
        if (input.length() > MAX_LENGTH) {
            return "DID " + InputExcerpt.quote(input) + " is longer than " + MAX_LENGTH + " characters";
        }
        if (!input.startsWith(PREFIX)) {
            return "DID " + InputExcerpt.quote(input) + " does not start with 'did:'";
        }
        int methodEnd = input.indexOf(':', PREFIX.length());
        if (methodEnd < 0) {
            return "DID " + InputExcerpt.quote(input) + " has no method-specific identifier";
        }
        if (methodEnd == PREFIX.length()) {
            return "DID " + InputExcerpt.quote(input) + " has an empty method";
        }
        for (int i = PREFIX.length(); i < methodEnd; i++) {
            char c = input.charAt(i);
            if (c < 'a' || c > 'z') {
                return "DID " + InputExcerpt.quote(input) + " has a method that is not all lower-case letters";
            }
        }
        if (methodEnd == input.length() - 1) {
            return "DID " + InputExcerpt.quote(input) + " has an empty method-specific identifier";
        }
        for (int i = methodEnd + 1; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c == '%') {
                if (i + 2 >= input.length() || !isHex(input.charAt(i + 1)) || !isHex(input.charAt(i + 2))) {
                    return "DID " + InputExcerpt.quote(input) + " has a '%' not followed by two hex digits";
                }
            } else if (!Hostnames.isLetterOrDigit(c) && c != '.' && c != '_' && c != ':' && c != '-') {
                return "DID " + InputExcerpt.quote(input) + " contains the character '" + InputExcerpt.printable(c)
                        + "', which DIDs do not allow (no query, fragment or path)";
            }
        }
        if (input.endsWith(":")) {
            return "DID " + InputExcerpt.quote(input) + " ends with ':'";
        }
        return null;
    }

    private static String plcProblem(String input, String identifier) {
        if (identifier.length() != PLC_IDENTIFIER_LENGTH) {
            return "did:plc " + InputExcerpt.quote(input) + " must have exactly " + PLC_IDENTIFIER_LENGTH
                    + " characters after 'did:plc:', not " + identifier.length();
        }
        for (int i = 0; i < identifier.length(); i++) {
            if (!isPlcCharacter(identifier.charAt(i))) {
                return "did:plc " + InputExcerpt.quote(input) + " contains '" + InputExcerpt.printable(identifier.charAt(i))
                        + "'; only base32 characters a-z and 2-7 are allowed";
            }
        }
        return null;
    }

    private static String webProblem(String input, String identifier) {
        if (identifier.indexOf(':') >= 0) {
            return "did:web " + InputExcerpt.quote(input) + " has a path; ATProto allows only hostname did:web DIDs";
        }
        String host = identifier;
        int portAt = identifier.indexOf('%');
        if (portAt >= 0) {
            host = identifier.substring(0, portAt);
            String port = identifier.substring(portAt);
            if (!host.equals(LOCALHOST)) {
                return "did:web " + InputExcerpt.quote(input)
                        + " uses percent-encoding, which is allowed only for a port on localhost";
            }
            if (!port.startsWith(PORT_SEPARATOR) || !isPort(port.substring(PORT_SEPARATOR.length()))) {
                return "did:web " + InputExcerpt.quote(input) + " must encode a port as '%3A' followed by 1-65535";
            }
        }
        if (Hostnames.hasUpperCase(host)) {
            return "did:web " + InputExcerpt.quote(input) + " must be lower case";
        }
        if (host.equals(LOCALHOST)) {
            return null;
        }
        String hostProblem = Hostnames.problem("Host", host);
        return hostProblem == null ? null : "did:web " + InputExcerpt.quote(input) + " has an invalid host: " + hostProblem;
    }

    private static boolean isPort(String digits) {
        if (digits.isEmpty() || digits.length() > 5 || digits.charAt(0) == '0') {
            return false;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (!Hostnames.isDigit(digits.charAt(i))) {
                return false;
            }
        }
        int port = Integer.parseInt(digits);
        return port <= 65535;
    }

    private static boolean isHex(char c) {
        return Hostnames.isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Whether {@code c} is in the base32 alphabet of did:plc identifiers, {@code [a-z2-7]}. */
    public static boolean isPlcCharacter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7');
    }

    /**
     * Refuses what ATProto cannot resolve: methods other than {@code plc} and {@code web} with
     * {@link Failure#UNSUPPORTED}, and {@code plc} or {@code web} DIDs that break their method's rules with
     * {@link Failure#INVALID_SYNTAX}. {@link #webHost()}, {@link #webPort()} and JID localparts rely on it.
     */
    public void checkResolvable() throws AtprotoException {
        String problem;
        if (isPlc()) {
            problem = plcProblem(toString(), identifier);
        } else if (isWeb()) {
            problem = webProblem(toString(), identifier);
        } else {
            throw new AtprotoException(Failure.UNSUPPORTED, "DID method '" + method
                    + "' is not supported; ATProto uses did:plc and did:web");
        }
        check(problem);
    }

    public String method() {
        return method;
    }

    /** The method-specific identifier: the part after {@code did:<method>:}. */
    public String identifier() {
        return identifier;
    }

    public boolean isPlc() {
        return method.equals("plc");
    }

    public boolean isWeb() {
        return method.equals("web");
    }

    /** The host of a {@code did:web}, without port; call {@link #checkResolvable()} first. */
    public String webHost() {
        requireWeb();
        int portAt = identifier.indexOf('%');
        return portAt < 0 ? identifier : identifier.substring(0, portAt);
    }

    /** The port of a {@code did:web} on localhost, if it has one; call {@link #checkResolvable()} first. */
    public OptionalInt webPort() {
        requireWeb();
        int portAt = identifier.indexOf('%');
        return portAt < 0 ? OptionalInt.empty()
                : OptionalInt.of(Integer.parseInt(identifier.substring(portAt + PORT_SEPARATOR.length())));
    }

    private void requireWeb() {
        if (!isWeb()) {
            throw new IllegalStateException(this + " is not a did:web");
        }
    }
}

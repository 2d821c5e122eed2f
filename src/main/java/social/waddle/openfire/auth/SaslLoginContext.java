package social.waddle.openfire.auth;

import java.util.Optional;

import social.waddle.atproto.AtprotoException;

/**
 * What the SASL PLAIN exchange running on this thread knows that Openfire's {@code AuthProvider} API cannot carry:
 * the client's address (for per-address limits) and why an ATProto check failed (so a temporary failure is not
 * reported to the client as a wrong password).
 */
final class SaslLoginContext {

    private static final ThreadLocal<SaslLoginContext> CURRENT = new ThreadLocal<>();

    private final Optional<String> clientAddress;
    private AtprotoException failure;
    private String devicePasswordId;

    private SaslLoginContext(Optional<String> clientAddress) {
        this.clientAddress = clientAddress;
    }

    static SaslLoginContext begin(Optional<String> clientAddress) {
        SaslLoginContext context = new SaslLoginContext(clientAddress);
        CURRENT.set(context);
        return context;
    }

    static void end() {
        CURRENT.remove();
    }

    static Optional<SaslLoginContext> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    Optional<String> clientAddress() {
        return clientAddress;
    }

    void recordFailure(AtprotoException exception) {
        this.failure = exception;
    }

    void recordDevicePassword(String id) {
        this.devicePasswordId = id;
    }

    /** The device password that proved the login on this exchange, if one did. */
    Optional<String> devicePasswordId() {
        return Optional.ofNullable(devicePasswordId);
    }

    Optional<AtprotoException> failure() {
        return Optional.ofNullable(failure);
    }
}

package social.waddle.community;

import java.time.Instant;
import java.util.Objects;

/**
 * Room work that failed and will be tried again by {@link Provisioner#retryFailures()}: bringing a room to its
 * channel's spec, destroying the room of a removed channel, or (when the Waddle could not even be read) syncing every
 * room of a Waddle. {@code subject} is the room localpart, or for {@link Operation#SYNC_WADDLE} the Waddle id.
 */
public record ProvisioningFailure(Operation operation, String subject, long waddleId, String error, Instant firstFailedAt,
                                  Instant lastFailedAt, int attempts) {

    public enum Operation {
        APPLY, DESTROY, SYNC_WADDLE
    }

    public ProvisioningFailure {
        Objects.requireNonNull(operation);
        Objects.requireNonNull(subject);
        Objects.requireNonNull(error);
        Objects.requireNonNull(firstFailedAt);
        Objects.requireNonNull(lastFailedAt);
    }

    /** Where failures are kept: one entry per room (and per Waddle that could not be read), the latest wins. */
    String key() {
        return operation == Operation.SYNC_WADDLE ? "waddle:" + subject : "room:" + subject;
    }

    ProvisioningFailure again(String newError, Instant at) {
        return new ProvisioningFailure(operation, subject, waddleId, newError, firstFailedAt, at, attempts + 1);
    }

    @Override
    public String toString() {
        return operation.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " " + subject + " failed "
                + attempts + " time(s), last at " + lastFailedAt + ": " + error;
    }
}

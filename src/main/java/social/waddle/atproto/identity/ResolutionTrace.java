package social.waddle.atproto.identity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

/**
 * What {@link IdentityResolver#trace} did, step by step, for an admin's diagnosis: each step with its outcome, what it
 * found or why it failed, and how long it took. Steps run in resolution order; a failed step that ends the resolution
 * is the last one, and {@link #failure()} holds the reason the whole resolution gives.
 */
public record ResolutionTrace(String input, List<Step> steps, Optional<VerifiedIdentity> identity,
                              Optional<AtprotoException> failure) {

    public enum StepKind {
        /** The input is a well-formed handle or DID of a supported method. */
        SYNTAX,
        /** {@code _atproto.<handle>} TXT record (https://atproto.com/specs/handle#handle-resolution). */
        DNS_TXT,
        /** {@code https://<handle>/.well-known/atproto-did}. */
        HTTPS_WELL_KNOWN,
        /** {@code com.atproto.identity.resolveHandle} on the configured service. */
        XRPC_RESOLVE_HANDLE,
        /** The DID document, from the PLC directory or {@code did:web}'s well-known location. */
        DID_DOCUMENT,
        /** The handle the document claims must resolve back to the DID (or equal the handle asked for). */
        HANDLE_CHECK,
        /** The document's {@code #atproto_pds} service endpoint. */
        PDS,
        /** The document's {@code #atproto} verification method. */
        SIGNING_KEY
    }

    public enum Outcome {
        OK,
        /** The method answered that it knows nothing (no record, 404). */
        NO_ANSWER,
        FAILED,
        /** Not run: the method is not configured. */
        SKIPPED
    }

    /**
     * @param detail what the step found (a DID, URL, key) or, when it failed, the failure's message; empty when skipped
     */
    public record Step(StepKind kind, Outcome outcome, String detail, Duration elapsed, Optional<Failure> failure) {
        public Step {
            Objects.requireNonNull(kind);
            Objects.requireNonNull(outcome);
            Objects.requireNonNull(detail);
            Objects.requireNonNull(elapsed);
            Objects.requireNonNull(failure);
        }
    }

    public ResolutionTrace {
        Objects.requireNonNull(input);
        steps = List.copyOf(steps);
        Objects.requireNonNull(identity);
        Objects.requireNonNull(failure);
    }

    public boolean resolved() {
        return identity.isPresent();
    }

    public Duration total() {
        return steps.stream().map(Step::elapsed).reduce(Duration.ZERO, Duration::plus);
    }

    /** Runs resolution steps, each timed and written down; the direct form ({@link #DIRECT}) just runs them. */
    interface Steps {

        @FunctionalInterface
        interface Action<T> {
            T run() throws AtprotoException;
        }

        /** An empty {@link Optional} result counts as {@link Outcome#NO_ANSWER}. */
        <T> T run(StepKind kind, Action<T> action, Function<? super T, String> describe) throws AtprotoException;

        void skipped(StepKind kind);

        Steps DIRECT = new Steps() {
            @Override
            public <T> T run(StepKind kind, Action<T> action, Function<? super T, String> describe) throws AtprotoException {
                return action.run();
            }

            @Override
            public void skipped(StepKind kind) {
            }
        };
    }

    /** Writes steps down as they run. */
    static final class Recorder implements Steps {

        private final List<Step> steps = new ArrayList<>();

        @Override
        public <T> T run(StepKind kind, Action<T> action, Function<? super T, String> describe) throws AtprotoException {
            long started = System.nanoTime();
            try {
                T result = action.run();
                Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
                boolean noAnswer = result instanceof Optional<?> optional && optional.isEmpty();
                steps.add(new Step(kind, noAnswer ? Outcome.NO_ANSWER : Outcome.OK,
                        noAnswer ? "" : Objects.toString(describe.apply(result), ""), elapsed, Optional.empty()));
                return result;
            } catch (AtprotoException e) {
                steps.add(new Step(kind, Outcome.FAILED, Objects.toString(e.getMessage(), ""),
                        Duration.ofNanos(System.nanoTime() - started), Optional.of(e.failure())));
                throw e;
            }
        }

        @Override
        public void skipped(StepKind kind) {
            steps.add(new Step(kind, Outcome.SKIPPED, "", Duration.ZERO, Optional.empty()));
        }

        List<Step> steps() {
            return steps;
        }
    }
}

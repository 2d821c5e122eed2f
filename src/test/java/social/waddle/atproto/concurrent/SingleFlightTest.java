package social.waddle.atproto.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import social.waddle.atproto.AtprotoException;
import social.waddle.atproto.AtprotoException.Failure;

class SingleFlightTest {

    private static final int CALLERS = 32;

    private final SingleFlight<String, String> flight = new SingleFlight<>();
    private final AtomicInteger computations = new AtomicInteger();

    /** Every caller submits; the one computation finishes only after all others have joined it. */
    private List<Object> runConcurrently(Callable<String> outcome) throws Exception {
        final CountDownLatch othersJoined = new CountDownLatch(CALLERS - 1);
        final Callable<String> work = () -> {
            computations.incrementAndGet();
            assertThat(othersJoined.await(30, TimeUnit.SECONDS)).isTrue();
            return outcome.call();
        };
        final ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
        try {
            final List<Callable<Object>> callers = new ArrayList<>();
            for (int i = 0; i < CALLERS; i++) {
                callers.add(() -> {
                    final var shared = flight.submit("did:plc:alice", work);
                    othersJoined.countDown();
                    try {
                        return shared.join();
                    } catch (java.util.concurrent.CompletionException e) {
                        return e.getCause();
                    }
                });
            }
            final List<Object> results = new ArrayList<>();
            for (Future<Object> result : pool.invokeAll(callers, 60, TimeUnit.SECONDS)) {
                results.add(result.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentCallersWithOneKeyShareOneComputation() throws Exception {
        final List<Object> results = runConcurrently(() -> "session-ok");

        assertThat(computations).hasValue(1);
        assertThat(results).hasSize(CALLERS).containsOnly("session-ok");
        assertThat(flight.inFlightCount()).isZero();
    }

    @Test
    void aFailureReachesEveryCaller() throws Exception {
        final AtprotoException refused = new AtprotoException(Failure.NOT_AUTHORIZED, "bad password");

        final List<Object> results = runConcurrently(() -> {
            throw refused;
        });

        assertThat(computations).hasValue(1);
        assertThat(results).hasSize(CALLERS).containsOnly(refused);
    }

    @Test
    void callRethrowsTheOriginalException() {
        final AtprotoException refused = new AtprotoException(Failure.NOT_AUTHORIZED, "bad password");

        final Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> flight.call("k", () -> {
            throw refused;
        }));

        assertThat(thrown).isSameAs(refused);
    }

    @Test
    void aNewCallAfterCompletionComputesAgain() throws Exception {
        final String first = flight.call("did:plc:alice", () -> "v" + computations.incrementAndGet());
        final String second = flight.call("did:plc:alice", () -> "v" + computations.incrementAndGet());

        assertThat(first).isEqualTo("v1");
        assertThat(second).isEqualTo("v2");
    }

    @Test
    void differentKeysDoNotShare() throws Exception {
        final String alice = flight.call("did:plc:alice", () -> "alice");
        final String bob = flight.call("did:plc:bob", () -> "bob");

        assertThat(alice).isEqualTo("alice");
        assertThat(bob).isEqualTo("bob");
    }
}

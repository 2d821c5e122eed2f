package social.waddle.testbed;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The threads a piece of code started, told apart from threads of the same name left by other tests in this JVM.
 * Take a snapshot before starting, ask for what is new afterwards, and wait for those to end: an executor reports
 * termination a moment before its last thread has finished running.
 */
public final class ThreadsStarted {

    private final Set<Thread> before;

    private ThreadsStarted(Set<Thread> before) {
        this.before = before;
    }

    public static ThreadsStarted since() {
        return new ThreadsStarted(alive());
    }

    /** Alive threads with one of these names that were not there at the snapshot. */
    public Set<Thread> named(String... names) {
        List<String> wanted = Arrays.asList(names);
        return alive().stream()
                .filter(thread -> !before.contains(thread) && wanted.contains(thread.getName()))
                .collect(Collectors.toCollection(HashSet::new));
    }

    /** Waits up to {@code timeout} for each thread to end; returns the names of those still alive. */
    public static List<String> stillAliveAfter(Set<Thread> threads, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread thread : threads) {
            long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            thread.join(left);
        }
        return threads.stream().filter(Thread::isAlive).map(Thread::getName).sorted().collect(Collectors.toList());
    }

    private static Set<Thread> alive() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .collect(Collectors.toCollection(HashSet::new));
    }
}

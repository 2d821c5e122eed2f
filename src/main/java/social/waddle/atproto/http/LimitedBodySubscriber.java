package social.waddle.atproto.http;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.LongFunction;

import social.waddle.atproto.AtprotoException;

/**
 * Collects a response body while counting it: the subscription is cancelled (closing the connection) as soon
 * as the count passes the cap, so an oversized body is never buffered. Records when data last arrived so the
 * caller can enforce an idle (read) timeout.
 */
final class LimitedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final long maxBytes;
    private final LongFunction<AtprotoException> tooLarge;
    private final AtprotoException refusal;
    private final ByteArrayOutputStream collected = new ByteArrayOutputStream();
    private volatile long lastProgressNanos = System.nanoTime();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;
    private long count;

    private LimitedBodySubscriber(long maxBytes, LongFunction<AtprotoException> tooLarge, AtprotoException refusal) {
        this.maxBytes = maxBytes;
        this.tooLarge = tooLarge;
        this.refusal = refusal;
    }

    /** Reads at most {@code maxBytes}; {@code tooLarge} builds the failure from the number of bytes seen. */
    static LimitedBodySubscriber capped(long maxBytes, LongFunction<AtprotoException> tooLarge) {
        return new LimitedBodySubscriber(maxBytes, tooLarge, null);
    }

    /** Reads nothing: closes the body at once and fails with {@code refusal}. */
    static LimitedBodySubscriber refusing(AtprotoException refusal) {
        return new LimitedBodySubscriber(0, null, refusal);
    }

    /** Reads nothing: closes the body at once and yields no bytes (redirects). */
    static LimitedBodySubscriber discarding() {
        return new LimitedBodySubscriber(0, null, null);
    }

    @Override
    public void onSubscribe(Flow.Subscription newSubscription) {
        this.subscription = newSubscription;
        lastProgressNanos = System.nanoTime();
        if (refusal != null) {
            newSubscription.cancel();
            result.completeExceptionally(refusal);
        } else if (tooLarge == null || cancelled) {
            newSubscription.cancel();
            result.complete(new byte[0]);
        } else {
            newSubscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        lastProgressNanos = System.nanoTime();
        for (ByteBuffer buffer : buffers) {
            count += buffer.remaining();
            if (count > maxBytes) {
                subscription.cancel();
                result.completeExceptionally(tooLarge.apply(count));
                return;
            }
            byte[] chunk = new byte[buffer.remaining()];
            buffer.get(chunk);
            collected.write(chunk, 0, chunk.length);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable failure) {
        result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        result.complete(collected.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    long lastProgressNanos() {
        return lastProgressNanos;
    }

    /** Stops reading (timeouts); the connection is closed by the HTTP client. */
    void cancel() {
        cancelled = true;
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }
}

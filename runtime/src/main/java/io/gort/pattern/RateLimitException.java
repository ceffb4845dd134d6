package io.gort.pattern;

/**
 * A {@link RateLimiter} (or {@link MultiLimiter}) wait that was refused before waiting: Go's {@code
 * rate} errors "rate: Wait(n=N) exceeds limiter's burst B" and "rate: Wait(n=N) would exceed context
 * deadline", with Go's words. A wait that ends because its context is done throws the context's
 * {@link io.gort.context.Context#err()} instead, as Go returns {@code ctx.Err()}.
 */
public final class RateLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RateLimitException(String message) {
        super(message);
    }
}

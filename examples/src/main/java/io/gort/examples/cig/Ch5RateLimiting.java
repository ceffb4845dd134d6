package io.gort.examples.cig;

import io.gort.Go;
import io.gort.Time;
import io.gort.context.Context;
import io.gort.pattern.Limit;
import io.gort.pattern.RateLimiter;
import io.gort.sync.WaitGroup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * "Concurrency in Go", chapter 5, section "Rate Limiting": a token-bucket limiter
 * ({@code golang.org/x/time/rate}, gort's {@link RateLimiter}) in front of an API connection, and
 * the book's hand-written {@code multiLimiter}, which waits on several limiters, the most
 * restrictive first, so a connection can allow short bursts (2 per second) and still hold a long
 * average (10 per minute). The program: 10 goroutines call {@code ReadFile} and 10 call {@code
 * ResolveAddress} at once; each call prints when it was let through. Time is scaled 1:100: 2 per
 * 10 ms with a burst of 1, and 10 per 600 ms with a burst of 10, so the first ten calls pass within
 * about 50 ms and the other ten one every 60 ms; "Done." after about 600 ms.
 */
public final class Ch5RateLimiting {
    private Ch5RateLimiting() { }

    /** The book's RateLimiter interface: what multiLimiter composes. */
    interface Limiter {
        void await(Context ctx);

        Limit limit();
    }

    static Limiter of(RateLimiter l) {
        return new Limiter() {
            @Override
            public void await(Context ctx) {
                l.wait(ctx);
            }

            @Override
            public Limit limit() {
                return l.limit();
            }
        };
    }

    /** The book's multiLimiter: sorted by limit, most restrictive first; Wait waits on each. */
    static Limiter multiLimiter(Limiter... limiters) {
        Limiter[] sorted = limiters.clone();
        Arrays.sort(sorted, Comparator.comparing(Limiter::limit));
        return new Limiter() {
            @Override
            public void await(Context ctx) {
                for (Limiter l : sorted) {
                    l.await(ctx);
                }
            }

            @Override
            public Limit limit() {
                return sorted[0].limit();   // the most restrictive
            }
        };
    }

    static final class APIConnection {
        private final Limiter rateLimiter;

        private APIConnection(Limiter rateLimiter) {
            this.rateLimiter = rateLimiter;
        }

        static APIConnection open() {
            Limiter secondLimit = of(new RateLimiter(Limit.per(2, Duration.ofMillis(10)), 1));   // Per(2, time.Second), 1
            Limiter minuteLimit = of(new RateLimiter(Limit.per(10, Duration.ofMillis(600)), 10)); // Per(10, time.Minute), 10
            return new APIConnection(multiLimiter(secondLimit, minuteLimit));
        }

        void readFile(Context ctx) {
            rateLimiter.await(ctx);
            // pretend we do work here
        }

        void resolveAddress(Context ctx) {
            rateLimiter.await(ctx);
            // pretend we do work here
        }
    }

    public static void main(String[] args) {
        APIConnection apiConnection = APIConnection.open();
        Instant start = Time.now();
        WaitGroup wg = new WaitGroup();
        wg.add(20);
        for (int i = 0; i < 10; i++) {
            Go.spawn(() -> {
                try {
                    apiConnection.readFile(Context.background());
                    System.out.printf("%4dms ReadFile%n", Duration.between(start, Time.now()).toMillis());
                } catch (RuntimeException err) {
                    System.out.printf("cannot ReadFile: %s%n", err.getMessage());
                } finally {
                    wg.done();
                }
            });
        }
        for (int i = 0; i < 10; i++) {
            Go.spawn(() -> {
                try {
                    apiConnection.resolveAddress(Context.background());
                    System.out.printf("%4dms ResolveAddress%n", Duration.between(start, Time.now()).toMillis());
                } catch (RuntimeException err) {
                    System.out.printf("cannot ResolveAddress: %s%n", err.getMessage());
                } finally {
                    wg.done();
                }
            });
        }
        wg.await();
        System.out.println("Done.");
    }
}

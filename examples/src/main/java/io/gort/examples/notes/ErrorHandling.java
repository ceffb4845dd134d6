package io.gort.examples.notes;

import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import io.gort.context.Context;
import io.gort.errgroup.Group;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Error Handling in concurrency</b> — the notes' section "🚨 5) Error Handling در کانکارنسی": the usual
 * patterns are «{@code errgroup.Group} ... cancel اتوماتیک با اولین خطا» ("errgroup: automatic cancel at
 * the first error"), an error channel with a buffer of 1 so no one blocks, and collecting several
 * errors. The notes' {@code crawlAll}, line by line: an errgroup with a context, a semaphore channel
 * of 8 bounding the fetches in flight, and each task returning its error:
 * <pre>{@code
 * g, ctx := errgroup.WithContext(ctx)
 * sem := make(chan struct{}, 8)
 * for _, u := range urls {
 *     g.Go(func() error {
 *         select { case sem <- struct{}{}: case <-ctx.Done(): return ctx.Err() }
 *         defer func() { <-sem }()
 *         body, err := fetch(ctx, u)
 *         if err != nil { return err }
 *         return store(ctx, u, body)
 *     })
 * }
 * return g.Wait()
 * }</pre>
 * {@code fetch} is simulated (5 ms, cancellable; a URL containing "bad" fails at once). Two crawls:
 * 20 good URLs (nil error, all stored, at most 8 fetches at a time), then the same with a bad one
 * first (its error is what {@code Wait} returns; the group's context cancels the rest).
 */
public final class ErrorHandling {
    private ErrorHandling() { }

    static final Map<String, String> stored = new ConcurrentHashMap<>();
    static final AtomicInteger inFlight = new AtomicInteger(), maxInFlight = new AtomicInteger();

    static String fetch(Context ctx, String url) throws IOException {
        if (url.contains("bad")) {
            throw new IOException("fetch " + url + ": 404 Not Found");
        }
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            boolean cancelled = Select.select(
                    Time.after(Duration.ofMillis(5)).onRecv(t -> false),
                    ctx.done().onRecv(x -> true));
            if (cancelled) {
                throw ctx.err();
            }
            return "<html>" + url + "</html>";
        } finally {
            inFlight.decrementAndGet();
        }
    }

    static void store(Context ctx, String url, String body) {
        ctx.throwIfDone();
        stored.put(url, body);
    }

    static Throwable crawlAll(Context parent, List<String> urls) {
        Group g = Group.withContext(parent);
        Context ctx = g.context();
        Chan<SignalChannel.Signal> sem = Chan.make(8);   // limits the concurrency
        for (String u : urls) {
            g.go(() -> {
                boolean acquired = Select.select(
                        sem.onSend(SignalChannel.Signal.SIGNAL, () -> true),
                        ctx.done().onRecv(x -> false));
                if (!acquired) {
                    throw ctx.err();
                }
                try {                                    // defer func() { <-sem }()
                    String body = fetch(ctx, u);
                    store(ctx, u, body);
                } finally {
                    sem.recv();
                }
            });
        }
        return g.awaitError();
    }

    public static void main(String[] args) {
        stored.clear();
        maxInFlight.set(0);
        List<String> urls = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            urls.add("https://example.com/" + i);
        }
        Throwable err = crawlAll(Context.background(), urls);
        System.out.printf("crawlAll(20 urls): err = %s, stored %d, at most 8 fetches at once: %b%n",
                err == null ? "<nil>" : err.getMessage(), stored.size(), maxInFlight.get() <= 8);

        List<String> withBad = new ArrayList<>(urls);
        withBad.addFirst("https://bad.example.com/");
        err = crawlAll(Context.background(), withBad);
        System.out.printf("crawlAll with a bad url first: err = %s%n", err == null ? "<nil>" : err.getMessage());
    }
}

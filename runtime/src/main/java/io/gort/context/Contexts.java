package io.gort.context;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Recv;
import io.gort.chan.Select;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The implementations behind {@link Context}'s static methods: Go's package functions of {@code
 * context.go} ({@code WithCancel}, {@code propagateCancel}, {@code parentCancelCtx}, {@code value},
 * {@code Cause}, {@code AfterFunc} ...). The context types are {@link EmptyCtx}, {@link CancelCtx}
 * (with {@link TimerCtx} and {@link AfterFuncCtx}), {@link ValueCtx} and {@link WithoutCancelCtx}.
 */
final class Contexts {
    /*
     * Walking up a chain of gort's own context types (lookup, deadlineOf, nameOf, and the search
     * for the CancelCtx to hang a child under) is a loop, never recursion: a chain 100,000 deep
     * works. A foreign Context (a user's class) ends the walk: it is asked through its interface.
     *
     * Foreign parents (Go's propagateCancel, last case): a foreign parent whose done() is a nil
     * channel is never cancelled, so nothing is done; one already done cancels the child at once;
     * one that exposes a gort CancelCtx through value(CANCEL_KEY) whose done channel is the very
     * one the parent returns (it delegates both: Go's otherContext{ctx}) hangs the child under that
     * CancelCtx; any other gets one watcher goroutine per child that waits for the parent's or the
     * child's done channel (counted in WATCHERS, as Go's `goroutines` counter for its tests).
     * Go's afterFuncer shortcut (a foreign parent with an AfterFunc method) is not offered: the
     * fixed public API has no such interface.
     */

    /** Go's {@code closedchan}: the done channel of a context cancelled before anyone asked. */
    static final Chan<Void> CLOSED_CHAN = Chan.make();
    static {
        CLOSED_CHAN.close();
    }

    /** Go's {@code &cancelCtxKey}: value(CANCEL_KEY) returns the nearest CancelCtx (or null). */
    static final Context.Key<CancelCtx> CANCEL_KEY = Context.Key.named("context.cancelCtxKey");

    /** The number of watcher goroutines started for foreign parents (Go's {@code goroutines}). */
    static final AtomicLong WATCHERS = new AtomicLong();

    private static final String NIL_PARENT = "cannot create context from nil parent";

    private Contexts() { }

    static Context background() {
        return EmptyCtx.BACKGROUND;
    }

    static Context todo() {
        return EmptyCtx.TODO;
    }

    static CancelContext withCancel(Context parent) {
        Objects.requireNonNull(parent, NIL_PARENT);
        CancelCtx c = new CancelCtx(parent);
        propagateCancel(parent, c);
        return c;
    }

    static CancelContext withCancelCause(Context parent) {
        return withCancel(parent);   // every CancelContext takes a cause: cancel(Throwable)
    }

    static CancelContext withDeadline(Context parent, Instant d, Throwable cause) {
        Objects.requireNonNull(parent, NIL_PARENT);
        Objects.requireNonNull(d, "deadline");
        Optional<Instant> cur = deadlineOf(parent);
        if (cur.isPresent() && cur.get().isBefore(d)) {
            return withCancel(parent);   // the parent's deadline is sooner: it will cancel us
        }
        TimerCtx c = new TimerCtx(parent, d);
        propagateCancel(parent, c);
        Duration dur = Duration.between(Time.now(), d);
        if (dur.isNegative() || dur.isZero()) {
            c.cancel(true, Context.DEADLINE_EXCEEDED, cause);   // the deadline has already passed
            return c;
        }
        if (c.err() == null) {
            c.arm(Time.afterFunc(dur, () -> c.cancel(true, Context.DEADLINE_EXCEEDED, cause)));
        }
        return c;
    }

    static CancelContext withTimeout(Context parent, Duration t, Throwable cause) {
        Objects.requireNonNull(parent, NIL_PARENT);
        Objects.requireNonNull(t, "timeout");
        Instant d;
        try {
            d = Time.now().plus(t);
        } catch (DateTimeException | ArithmeticException e) {
            d = t.isNegative() ? Instant.MIN : Instant.MAX;
        }
        return withDeadline(parent, d, cause);
    }

    static <T> Context withValue(Context parent, Context.Key<T> key, T value) {
        Objects.requireNonNull(parent, NIL_PARENT);
        Objects.requireNonNull(key, "nil key");
        return new ValueCtx(parent, key, value);
    }

    static Context withoutCancel(Context parent) {
        Objects.requireNonNull(parent, NIL_PARENT);
        return new WithoutCancelCtx(parent);
    }

    /** Go 1.23's {@code Cause}. */
    static Throwable cause(Context c) {
        Objects.requireNonNull(c, "nil context");
        CancelCtx cc = c.value(CANCEL_KEY);
        if (cc != null) {
            return cc.causeIfCancelled();
        }
        // No cancelCtx above: c is not below a context created by withCancel & co, so it has no
        // cause of its own; a foreign context may still have an error.
        return c.err();
    }

    static Context.AfterFunc afterFunc(Context c, Runnable f) {
        Objects.requireNonNull(c, "nil context");
        Objects.requireNonNull(f, "f");
        AfterFuncCtx a = new AfterFuncCtx(c, f);
        propagateCancel(c, a);
        return a;
    }

    // ---- propagation ---------------------------------------------------------------------------

    /**
     * Go's {@code propagateCancel}: arranges for {@code child} to be cancelled when {@code parent}
     * is. Called before the child is published.
     */
    static void propagateCancel(Context parent, CancelCtx child) {
        Context p = parent;
        for (;;) {   // gort's own types: find the nearest CancelCtx without asking for done()
            if (p instanceof CancelCtx cc) {
                cc.addChild(child);
                return;
            } else if (p instanceof ValueCtx v) {
                p = v.parent;
            } else if (p instanceof WithoutCancelCtx || p instanceof EmptyCtx) {
                return;   // never cancelled
            } else {
                break;    // foreign: p stands for parent (the layers above only delegate to it)
            }
        }
        Receiver<Void> done = p.done();
        if (done == null || ((Chan<Void>) done).isNil()) {
            return;   // never cancelled
        }
        if (isReady(done)) {
            child.cancel(false, p.err(), cause(p));
            return;
        }
        CancelCtx cc = p.value(CANCEL_KEY);
        if (cc != null && cc.doneIfMade() == done) {
            cc.addChild(child);   // a wrapper that delegates done() and value(): hang under its CancelCtx
            return;
        }
        WATCHERS.incrementAndGet();
        Context fp = p;
        Go.spawn(() -> Select.select(
                done.onRecv(x -> {
                    child.cancel(false, fp.err(), cause(fp));
                    return null;
                }),
                child.done().onRecv(x -> null)));
    }

    /** A receive would not block: the channel is closed (or, on a misused foreign one, has a value). */
    private static boolean isReady(Receiver<Void> done) {
        Recv<Void> r = done.tryRecv();
        return r != null;
    }

    // ---- walks up the chain ------------------------------------------------------------------

    /** Go's {@code value(c, key)}: a loop up gort's own types; a foreign context is asked. */
    @SuppressWarnings("unchecked")
    static <T> T lookup(Context c, Context.Key<T> key) {
        for (;;) {
            if (c instanceof ValueCtx v) {
                if (v.key == key) {
                    return (T) v.val;
                }
                c = v.parent;
            } else if (c instanceof CancelCtx cc) {
                if (key == CANCEL_KEY) {
                    return (T) cc;
                }
                c = cc.parent;
            } else if (c instanceof WithoutCancelCtx w) {
                if (key == CANCEL_KEY) {
                    return null;   // hides the cancelCtx above it (Go: Cause of it is nil)
                }
                c = w.parent;
            } else if (c instanceof EmptyCtx) {
                return null;
            } else {
                return c.value(key);
            }
        }
    }

    /**
     * The deadline of {@code c}: a loop up gort's own types; a foreign context is asked. The answer
     * is cached in the first plain CancelCtx on the way (a deadline never changes: Go's "successive
     * calls to Deadline return the same results"), so deriving along a deep chain of cancel
     * contexts does not walk the whole chain each time.
     */
    static Optional<Instant> deadlineOf(Context c) {
        CancelCtx fill = null;
        Optional<Instant> d;
        for (;;) {
            if (c instanceof TimerCtx t) {
                d = t.deadline();
                break;
            } else if (c instanceof CancelCtx cc) {
                Optional<Instant> cached = cc.deadlineCache;
                if (cached != null) {
                    d = cached;
                    break;
                }
                if (fill == null) {
                    fill = cc;
                }
                c = cc.parent;
            } else if (c instanceof ValueCtx v) {
                c = v.parent;
            } else if (c instanceof WithoutCancelCtx || c instanceof EmptyCtx) {
                d = Optional.empty();
                break;
            } else {
                d = c.deadline();
                break;
            }
        }
        if (fill != null) {
            fill.deadlineCache = d;   // safety: a benign race; Optional is immutable (final fields)
        }
        return d;
    }

    /** Go's {@code String()} of a context: the names of the layers, root first, joined by dots. */
    static String nameOf(Context c) {
        List<String> layers = new ArrayList<>();
        String root;
        for (;;) {
            if (c instanceof TimerCtx t) {
                Instant d = t.deadlineInstant();
                layers.add(".WithDeadline(" + d + " [" + goDuration(Duration.between(Time.now(), d)) + "])");
                c = t.parent;
            } else if (c instanceof AfterFuncCtx a) {
                layers.add(".AfterFunc");
                c = a.parent;
            } else if (c instanceof CancelCtx cc) {
                layers.add(".WithCancel");
                c = cc.parent;
            } else if (c instanceof ValueCtx v) {
                layers.add(".WithValue(" + v.key + ", " + stringify(v.val) + ")");
                c = v.parent;
            } else if (c instanceof WithoutCancelCtx w) {
                layers.add(".WithoutCancel");
                c = w.parent;
            } else {
                root = foreignName(c);   // EmptyCtx's name, or a foreign context's
                break;
            }
        }
        StringBuilder b = new StringBuilder(root);
        for (int i = layers.size() - 1; i >= 0; i--) {
            b.append(layers.get(i));
        }
        return b.toString();
    }

    /**
     * Go's {@code contextName}: a context's own String() if it has one, else its type's name. In
     * Java every object has toString; Object's own (class@hash) counts as "none".
     */
    private static String foreignName(Context c) {
        if (c == null) {
            return "<nil>";
        }
        try {
            if (c.getClass().getMethod("toString").getDeclaringClass() == Object.class) {
                return c.getClass().getName();
            }
        } catch (NoSuchMethodException | SecurityException e) {
            // fall through to toString
        }
        return c.toString();
    }

    private static String stringify(Object v) {
        return v == null ? "<nil>" : v.toString();
    }

    /** Go's {@code time.Duration.String()}: "1h2m3.5s", "1.5s", "250ms", "3µs", "10ns", "0s". */
    static String goDuration(Duration d) {
        long n;
        try {
            n = d.toNanos();
        } catch (ArithmeticException e) {
            return d.toString();   // beyond Go's range (~292 years)
        }
        if (n == 0) {
            return "0s";
        }
        boolean neg = n < 0;
        long u = Math.abs(n);   // Long.MIN_VALUE stays negative; it is not reachable from a Duration in range here
        StringBuilder b = new StringBuilder();
        if (u < 1_000_000_000L) {
            String unit;
            long div;
            if (u < 1_000L) {
                unit = "ns";
                div = 1;
            } else if (u < 1_000_000L) {
                unit = "µs";
                div = 1_000L;
            } else {
                unit = "ms";
                div = 1_000_000L;
            }
            b.append(fraction(u, div)).append(unit);
        } else {
            long h = u / 3_600_000_000_000L;
            long rest = u % 3_600_000_000_000L;
            long m = rest / 60_000_000_000L;
            rest %= 60_000_000_000L;
            if (h > 0) {
                b.append(h).append('h');
            }
            if (h > 0 || m > 0) {
                b.append(m).append('m');
            }
            b.append(fraction(rest, 1_000_000_000L)).append('s');
        }
        return neg ? "-" + b : b.toString();
    }

    /** {@code v / div} with its fraction, trailing zeros dropped (Go's fmtFrac). */
    private static String fraction(long v, long div) {
        long whole = v / div, frac = v % div;
        if (frac == 0) {
            return Long.toString(whole);
        }
        String f = Long.toString(frac + div).substring(1);   // zero-padded to the unit's digits
        int end = f.length();
        while (f.charAt(end - 1) == '0') {
            end--;
        }
        return whole + "." + f.substring(0, end);
    }
}

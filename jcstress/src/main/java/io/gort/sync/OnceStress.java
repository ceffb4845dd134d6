package io.gort.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.function.Supplier;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * jcstress scenarios for {@link Once} and {@link Once#onceValue}/{@link Once#onceFunc}: concurrent
 * first calls run the function exactly once (a plain-int call counter, written only inside it, ends
 * at 1), and every caller returns only after it ran and sees its effect (a plain field written inside
 * it, read by each caller after its call). If the function throws, Once still counts as done (only the
 * caller that ran it sees the exception), while onceFunc rethrows the same exception to every caller.
 * Run: {@code mvn -o -pl jcstress -am package -DskipTests exec:exec -Djcstress.test='sync.OnceStress'}.
 */
public class OnceStress {

    /** Shared outcomes. */
    @Outcome(expect = FORBIDDEN, desc = "Anything else: the function ran twice or not at all, a caller returned before its effect was visible, or callers got different values or exceptions.")
    static class OtherwiseForbidden { }

    /** A value with a plain field: a caller that reads 7 through it saw the constructor's write. */
    static final class Box {
        int value;

        Box(int value) {
            this.value = value;
        }
    }

    /* Two first calls: one runs f; the other waits for it (fast path or Mutex) and sees its write. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("doOnce vs doOnce: f runs once; both callers see its write when they return.")
    @Outcome(id = "42, 42, 1", expect = ACCEPTABLE, desc = "f ran once; both callers read 42 after their doOnce returned.")
    @State
    public static class TwoCallers extends HangGuard.Guarded {
        final Once once = new Once();
        int calls, value;

        void f() {
            calls++;
            value = 42;
        }

        @Actor public void a1(III_Result r) { once.doOnce(this::f); r.r1 = value; }
        @Actor public void a2(III_Result r) { once.doOnce(this::f); r.r2 = value; }
        @Arbiter public void after(III_Result r) { r.r3 = calls; }
    }

    /*
     * onceValue: both callers get the same object, and its plain field (written in its constructor,
     * inside f) reads 7 in each: the value is safely published by the Once.
     */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("onceValue called by two actors: f runs once; both get the same object and see its field.")
    @Outcome(id = "7, 7, 1, 1", expect = ACCEPTABLE, desc = "Both read 7 through the value; it is one object; f ran once.")
    @State
    public static class OnceValueSameEverywhere extends HangGuard.Guarded {
        int calls;
        final Supplier<Box> get = Once.onceValue(() -> {
            calls++;
            return new Box(7);
        });
        Box b1, b2;

        @Actor public void a1(IIII_Result r) { Box b = get.get(); r.r1 = b.value; b1 = b; }
        @Actor public void a2(IIII_Result r) { Box b = get.get(); r.r2 = b.value; b2 = b; }
        @Arbiter public void after(IIII_Result r) { r.r3 = b1 == b2 ? 1 : 0; r.r4 = calls; }
    }

    /* f throws: the caller that ran it rethrows; the other returns normally; f is not run again. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("doOnce(f throws) vs doOnce(f throws): exactly one caller runs f and sees the exception; Once counts as done.")
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "Actor 1 ran f and got its exception; actor 2 returned normally.")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "Actor 2 ran f and got its exception; actor 1 returned normally.")
    @State
    public static class DoOnceThrows extends HangGuard.Guarded {
        final Once once = new Once();
        int calls;

        void f() {
            calls++;
            throw new IllegalStateException("f");
        }

        int call() {
            try {
                once.doOnce(this::f);
                return once.done() ? 0 : -1;
            } catch (IllegalStateException e) {
                return 1;
            }
        }

        @Actor public void a1(III_Result r) { r.r1 = call(); }
        @Actor public void a2(III_Result r) { r.r2 = call(); }
        @Arbiter public void after(III_Result r) { r.r3 = once.done() ? calls : -calls; }
    }

    /* onceFunc(f throws): every caller rethrows the same exception object; f runs once. */
    @JCStressTest
    @JCStressMeta(OtherwiseForbidden.class)
    @Description("onceFunc(f throws) called by two actors: f runs once; both rethrow the same exception object.")
    @Outcome(id = "1, 1, 1, 1", expect = ACCEPTABLE, desc = "Both threw; it is one exception object; f ran once.")
    @State
    public static class OnceFuncThrowsSame extends HangGuard.Guarded {
        int calls;
        final Runnable run = Once.onceFunc(() -> {
            calls++;
            throw new IllegalStateException("f");
        });
        RuntimeException e1, e2;

        RuntimeException call() {
            try {
                run.run();
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        }

        @Actor public void a1(IIII_Result r) { e1 = call(); r.r1 = e1 != null ? 1 : 0; }
        @Actor public void a2(IIII_Result r) { e2 = call(); r.r2 = e2 != null ? 1 : 0; }
        @Arbiter public void after(IIII_Result r) { r.r3 = e1 == e2 ? 1 : 0; r.r4 = calls; }
    }
}

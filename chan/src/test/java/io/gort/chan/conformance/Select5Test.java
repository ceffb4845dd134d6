package io.gort.chan.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.chan.Case;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Port of Go's {@code test/chan/select5.go} (golang/go at commit de52d256505ae64459a403dbabed81a450ee9e98).
 *
 * <p>select5.go is a generator: it expands five templates (recv, send, recvOrder, sendOrder,
 * nonblock) over every combination of their choices (with {@code choose}/{@code maybe}/{@code next},
 * which enumerate all paths through the template) into one Go function each, and the generated
 * program is then compiled and run. Each generated function does one real send or receive on a
 * one-slot channel {@code c}, phrased as a plain operation or as a select with or without a default
 * (before or after the real case), with dummy cases on a never-ready channel and on a nil channel,
 * and with the received value stored in various ways; the *Order templates also check the order in
 * which channel and value expressions are evaluated ({@code fc}, {@code fp}, {@code fn} call
 * {@code checkorder}, which requires increasing numbers).
 *
 * <p>What the port does: it keeps the enumerator ({@link #choose}, {@link #maybe}, {@link #next})
 * and the {@code arg} methods (Maybe, MaybeDefault, MustDefault, reset) as they are, and each
 * template is a method that makes the same choices in the same order but, instead of writing Go
 * source, returns the generated function as a {@link Runnable}; then all of them are run in order
 * (Go runs them as init functions). So every generated case is covered, not a sample: Go's
 * generator writes 1045 cases (measured: select5.go's generator run with go1.19.8 printed
 * "// 1045 cases", and the generated program passed), and {@link #main} asserts the same count.
 * Go's ways of storing a received value (x, *f(&x), y :=, an interface, a map element, and in
 * nonblock {@code **(**int)(nil)}, which must never be evaluated) become the case body's
 * assignment to a box, through a function, to a local, to an Object, to a map, and a null array
 * store; the order checks rely on Java evaluating the case list left to right as Go evaluates the
 * channel and value expressions of a select, and the left-hand side only in the chosen case's body.
 */
@Timeout(30)
class Select5Test {
    // ---- the generated program's globals (Go's header) -----------------------------------------

    // channel is buffered so test is single-goroutine. we are not interested in the concurrency
    // aspects of select, just testing that the right calls happen.
    final Chan<Integer> c = Chan.make(1);
    final Chan<Integer> nilch = Chan.nil();
    int n = 1;
    final int[] x = new int[1];   // Go's x, boxed so that f(&x) can return "a pointer"
    Object i;
    final Chan<Integer> dummy = Chan.make();
    final Map<Integer, Integer> m = new HashMap<>();
    int order = 0;

    static int[] f(int[] p) {
        return p;
    }

    /** Check order of operations by ensuring that successive calls to checkorder have increasing o values. */
    void checkorder(int o) {
        assertTrue(o > order, "invalid order " + o + " after " + order);
        order = o;
    }

    Chan<Integer> fc(Chan<Integer> ch, int o) {
        checkorder(o);
        return ch;
    }

    int[] fp(int[] p, int o) {
        checkorder(o);
        return p;
    }

    int fn(int v, int o) {
        checkorder(o);
        return v;
    }

    void die(int got) {
        assertEquals(n, got, "have " + got + " want " + n);
    }

    static <T> T panic(String what) {
        throw new AssertionError(what);
    }

    /** A select case made when the generated function runs, so that fc/fn run in case order. */
    interface CaseMaker extends Supplier<Case<?>> { }

    void select(List<CaseMaker> makers) {
        Case<?>[] cases = new Case<?>[makers.size()];
        for (int k = 0; k < cases.length; k++) {
            cases[k] = makers.get(k).get();
        }
        Select.select(cases);
    }

    // ---- the templates --------------------------------------------------------------------------

    /** Send n, receive it one way or another into x, check that they match. */
    Runnable recv(Arg a) {
        if (a.maybe()) {
            return () -> {
                c.send(n);
                x[0] = c.recv();
                checkAndNext();
            };
        }
        List<CaseMaker> cases = new ArrayList<>();
        // Blocking or non-blocking, before the receive. (Go's compiler implements a two-case select
        // where one is default with custom code, so the default goes both before and after.)
        if (a.maybeDefault()) {
            cases.add(() -> Select.onDefault(() -> panic("nonblock")));
        }
        // Receive from c. Different cases are direct, indirect, :=, interface, and map assignment.
        if (a.maybe()) {
            cases.add(() -> c.onRecv(v -> x[0] = v));
        } else if (a.maybe()) {
            cases.add(() -> c.onRecv(v -> f(x)[0] = v));
        } else if (a.maybe()) {
            cases.add(() -> c.onRecv(y -> {
                x[0] = y;
                return null;
            }));
        } else if (a.maybe()) {
            cases.add(() -> c.onRecvOk((v, ok) -> {
                i = v;
                x[0] = (Integer) i;
                return null;
            }));
        } else {
            cases.add(() -> c.onRecv(v -> {
                m.put(13, v);
                x[0] = m.get(13);
                return null;
            }));
        }
        addDefaultAndDummies(a, cases, "nonblock");
        return () -> {
            c.send(n);
            select(cases);
            checkAndNext();
        };
    }

    /** Blocking or non-blocking again, after the real case; then the dummy and nil cases. */
    void addDefaultAndDummies(Arg a, List<CaseMaker> cases, String defaultPanic) {
        if (a.maybeDefault()) {
            cases.add(() -> Select.onDefault(() -> panic(defaultPanic)));
        }
        // Dummy send, receive to keep compiler from optimizing select.
        if (a.maybe()) {
            cases.add(() -> dummy.onSend(1, () -> panic("dummy send")));
        }
        if (a.maybe()) {
            cases.add(() -> dummy.onRecv(v -> panic("dummy receive")));
        }
        // Nil channel send, receive to keep compiler from optimizing select.
        if (a.maybe()) {
            cases.add(() -> nilch.onSend(1, () -> panic("nilch send")));
        }
        if (a.maybe()) {
            cases.add(() -> nilch.onRecv(v -> panic("nilch recv")));
        }
    }

    void checkAndNext() {
        if (x[0] != n) {
            die(x[0]);
        }
        n++;
    }

    /**
     * Send n, receive it one way or another into x, check that they match; check the order of
     * operations along the way.
     */
    Runnable recvOrder(Arg a) {
        if (a.maybe()) {
            // Outside of select, the left-to-right rule applies: fp before fc (JLS 15.26.1: the
            // array reference is evaluated before the right-hand side).
            return () -> {
                order = 0;
                c.send(n);
                fp(x, 1)[0] = fc(c, 2).recv();
                checkAndNext();
            };
        }
        if (a.maybe()) {
            return () -> {
                order = 0;
                c.send(n);
                m.put(fn(13, 1), fc(c, 2).recv());
                x[0] = m.get(13);
                checkAndNext();
            };
        }
        List<CaseMaker> cases = new ArrayList<>();
        if (a.maybeDefault()) {
            cases.add(() -> Select.onDefault(() -> panic("nonblock")));
        }
        // Inside select, assignment waits until case is chosen, so the right-hand side happens
        // before anything on the left-hand side (the 100s).
        if (a.maybe()) {
            cases.add(() -> fc(c, 1).onRecv(v -> fp(x, 100)[0] = v));
        } else if (a.maybe()) {
            cases.add(() -> fc(c, 1).onRecv(y -> {
                x[0] = y;
                return null;
            }));
        } else if (a.maybe()) {
            cases.add(() -> fc(c, 1).onRecvOk((v, ok) -> {
                i = v;
                x[0] = (Integer) i;
                return null;
            }));
        } else {
            cases.add(() -> fc(c, 1).onRecv(v -> {
                m.put(fn(13, 100), v);
                x[0] = m.get(13);
                return null;
            }));
        }
        if (a.maybeDefault()) {
            cases.add(() -> Select.onDefault(() -> panic("nonblock")));
        }
        if (a.maybe()) {
            cases.add(() -> fc(dummy, 2).onSend(fn(1, 3), () -> panic("dummy send")));
        }
        if (a.maybe()) {
            cases.add(() -> fc(dummy, 4).onRecv(v -> panic("dummy receive")));
        }
        if (a.maybe()) {
            cases.add(() -> fc(nilch, 5).onSend(fn(1, 6), () -> panic("nilch send")));
        }
        if (a.maybe()) {
            cases.add(() -> fc(nilch, 7).onRecv(v -> panic("nilch recv")));
        }
        return () -> {
            order = 0;
            c.send(n);
            select(cases);
            checkAndNext();
        };
    }

    /** Send n one way or another, receive it into x, check that they match. */
    Runnable send(Arg a) {
        Runnable op;
        if (a.maybe()) {
            op = () -> c.send(n);
        } else {
            List<CaseMaker> cases = new ArrayList<>();
            if (a.maybeDefault()) {
                cases.add(() -> Select.onDefault(() -> panic("nonblock")));
            }
            // Send c <- n. No real special cases here, because no values come back from the send.
            cases.add(() -> c.onSend(n));
            addDefaultAndDummies(a, cases, "nonblock");
            op = () -> select(cases);
        }
        return () -> {
            op.run();
            x[0] = c.recv();
            checkAndNext();
        };
    }

    /** Like send, checking the order of operations along the way. */
    Runnable sendOrder(Arg a) {
        Runnable op;
        if (a.maybe()) {
            op = () -> fc(c, 1).send(fn(n, 2));
        } else {
            List<CaseMaker> cases = new ArrayList<>();
            if (a.maybeDefault()) {
                cases.add(() -> Select.onDefault(() -> panic("nonblock")));
            }
            cases.add(() -> fc(c, 1).onSend(fn(n, 2)));
            if (a.maybeDefault()) {
                cases.add(() -> Select.onDefault(() -> panic("nonblock")));
            }
            if (a.maybe()) {
                cases.add(() -> fc(dummy, 3).onSend(fn(1, 4), () -> panic("dummy send")));
            }
            if (a.maybe()) {
                cases.add(() -> fc(dummy, 5).onRecv(v -> panic("dummy receive")));
            }
            if (a.maybe()) {
                cases.add(() -> fc(nilch, 6).onSend(fn(1, 7), () -> panic("nilch send")));
            }
            if (a.maybe()) {
                cases.add(() -> fc(nilch, 8).onRecv(v -> panic("nilch recv")));
            }
            op = () -> select(cases);
        }
        return () -> {
            order = 0;
            op.run();
            x[0] = c.recv();
            checkAndNext();
        };
    }

    /**
     * Various combinations of non-blocking operations. Receive assignments must not edit or even
     * attempt to compute the address of the left-hand side.
     */
    Runnable nonblock(Arg a) {
        List<CaseMaker> cases = new ArrayList<>();
        if (a.maybeDefault()) {
            cases.add(Select::onDefault);
        }
        if (a.maybe()) {
            cases.add(() -> dummy.onSend(1, () -> panic("dummy <- 1")));
        }
        if (a.maybe()) {
            cases.add(() -> nilch.onSend(1, () -> panic("nilch <- 1")));
        }
        if (a.maybe()) {
            cases.add(() -> dummy.onRecv(v -> panic("<-dummy")));
        }
        if (a.maybe()) {
            cases.add(() -> dummy.onRecv(v -> {
                x[0] = v;
                return panic("<-dummy x");
            }));
        }
        if (a.maybe()) {
            cases.add(() -> dummy.onRecv(v -> {
                ((int[]) null)[0] = v;
                return panic("<-dummy (and didn't crash saving result!)");
            }));
        }
        if (a.maybe()) {
            cases.add(() -> nilch.onRecv(v -> panic("<-nilch")));
        }
        if (a.maybe()) {
            cases.add(() -> nilch.onRecv(v -> {
                x[0] = v;
                return panic("<-nilch x");
            }));
        }
        if (a.maybe()) {
            cases.add(() -> nilch.onRecv(v -> {
                ((int[]) null)[0] = v;
                return panic("<-nilch (and didn't crash saving result!)");
            }));
        }
        if (a.mustDefault()) {
            cases.add(Select::onDefault);
        }
        return () -> {
            x[0] = n;
            select(cases);
            checkAndNext();
        };
    }

    // ---- Go's arg ---------------------------------------------------------------------------------

    final class Arg {
        boolean def;
        int nreset;

        boolean maybe() {
            return Select5Test.this.maybe();
        }

        boolean maybeDefault() {
            if (def) {
                return false;
            }
            def = Select5Test.this.maybe();
            return def;
        }

        boolean mustDefault() {
            return !def;
        }

        void reset() {
            def = false;
            nreset++;
        }
    }

    // ---- enumerating all paths ------------------------------------------------------------------
    // Code for enumerating all possible paths through some logic. The logic should call choose(n)
    // when it wants to choose between n possibilities. On successive runs through the logic,
    // choose(n) will return 0, 1, ..., n-1. The helper maybe() is similar but returns true and then
    // false. Given a function gen that generates an output using choose and maybe, code can
    // generate all possible outputs using:  while (next()) gen();

    record Choice(int i, int n) { }

    final List<Choice> choices = new ArrayList<>();
    int cp = -1;

    boolean maybe() {
        return choose(2) == 0;
    }

    int choose(int nn) {
        if (cp >= choices.size()) {
            // never asked this before: start with 0.
            choices.add(new Choice(0, nn));
            cp = choices.size();
            return 0;
        }
        // otherwise give recorded answer
        if (nn != choices.get(cp).n()) {
            throw new AssertionError("inconsistent choices");
        }
        int ii = choices.get(cp).i();
        cp++;
        return ii;
    }

    boolean next() {
        if (cp < 0) {
            // start a new round
            cp = 0;
            return true;
        }
        // increment last choice sequence
        cp = choices.size() - 1;
        while (cp >= 0 && choices.get(cp).i() == choices.get(cp).n() - 1) {
            cp--;
        }
        if (cp < 0) {
            choices.clear();
            return false;
        }
        choices.set(cp, new Choice(choices.get(cp).i() + 1, choices.get(cp).n()));
        choices.subList(cp + 1, choices.size()).clear();
        cp = 0;
        return true;
    }

    /** Go's generator main plus running the generated program: every generated function, in order. */
    @Test
    void main() {
        Arg a = new Arg();
        List<Runnable> generated = new ArrayList<>();
        List<java.util.function.Function<Arg, Runnable>> templates =
                List.of(this::recv, this::send, this::recvOrder, this::sendOrder, this::nonblock);
        for (var t : templates) {
            for (; next(); a.reset()) {
                generated.add(t.apply(a));
            }
        }
        assertEquals(1045, a.nreset, "cases generated (Go's generator writes \"// 1045 cases\")");
        assertEquals(1045, generated.size());

        for (Runnable fn : generated) {
            fn.run();
        }
        assertEquals(1046, n, "every generated function ran its one send or receive");
        assertEquals(0, c.len());
        Conformance.checkInvariants(c);
        Conformance.checkInvariants(dummy);
    }
}

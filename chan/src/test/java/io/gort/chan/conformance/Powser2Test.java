package io.gort.chan.conformance;

import static io.gort.chan.conformance.Conformance.go;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.chan.Chan;
import io.gort.chan.Select;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Port of Go's {@code test/chan/powser2.go} (golang/go at commit 8ea706e831644a89178ad3a8ebccaf49b37e8e6c):
 * like powser1.go (see {@link Powser1Test}) but the data channels carry an interface, {@code item},
 * implemented by {@code *rat}: every value is a pointer, and receivers type-assert it back
 * ({@code (<-in.dat).(*rat)}). Here {@code Chan<Item>}, a mutable {@link Rat} class made with
 * {@code new} (Go's {@code new(rat)}), and casts where Go asserts. Go's goroutines here take their
 * inputs as arguments ({@code go func(U, V, Z PS) {...}(U, V, Z)}); Java lambdas capture the same
 * (effectively final) values. As in the powser1 port, main's printing mode is not ported, and
 * {@link #recipAndBinom()} adds checks Go's main does not make.
 */
@Timeout(60)
@ExtendWith(Conformance.NoPanics.class)
class Powser2Test {
    /** Go's {@code item} interface. */
    interface Item {
        String pr();

        boolean eq(Item c);
    }

    /** Go's {@code *rat}: numerator, denominator. */
    static final class Rat implements Item {
        long num, den;

        Rat(long num, long den) {
            this.num = num;
            this.den = den;
        }

        long num() {
            return num;
        }

        long den() {
            return den;
        }

        @Override
        public String pr() {
            return den == 1 ? num + " " : num + "/" + den + " ";
        }

        @Override
        public boolean eq(Item c) {
            Rat c1 = (Rat) c;
            return num == c1.num && den == c1.den;
        }
    }

    /** Go's {@code dch}: a demand channel (req) and its data channel. */
    record Dch(Chan<Integer> req, Chan<Item> dat, int nam) { }

    // Go's dch2 is [2]*dch, shared by pointer between split's generations: here a Dch[2].

    String chnames;
    final AtomicInteger chnameserial = new AtomicInteger();
    final AtomicInteger seqno = new AtomicInteger();

    Dch mkdch() {
        int c = chnameserial.getAndIncrement() % chnames.length();
        return new Dch(Chan.make(), Chan.make(), c);
    }

    Dch[] mkdch2() {
        return new Dch[] {mkdch(), mkdch()};
    }

    // split reads a single demand channel and replicates its output onto two, which may be read at
    // different rates. A process is created at first demand for a rat and dies after the rat has
    // been sent to both outputs.
    //
    // When multiple generations of split exist, the newest will service requests on one channel,
    // which is always renamed to be out[0]; the oldest will service requests on the other channel,
    // out[1]. All generations but the newest hold queued data that has already been sent to out[0].
    // When data has finally been sent to out[1], a signal on the release-wait channel tells the next
    // newer generation to begin servicing out[1].
    void dosplit(Dch in, Dch[] out, Chan<Integer> wait) {
        boolean both = false;   // do not service both channels

        int which = Select.select(out[0].req().onRecv(v -> 0), wait.onRecv(v -> 1));
        if (which == 1) {
            both = true;
            int w2 = Select.select(out[0].req().onRecv(v -> 0), out[1].req().onRecv(v -> 1));
            if (w2 == 1) {
                Dch t = out[0];
                out[0] = out[1];
                out[1] = t;
            }
        }

        in.req().send(seqno.incrementAndGet());
        Chan<Integer> release = Chan.make();
        go(() -> dosplit(in, out, release));
        Item dat = in.dat().recv();
        out[0].dat().send(dat);
        if (!both) {
            wait.recv();
        }
        out[1].req().recv();
        out[1].dat().send(dat);
        release.send(0);
    }

    void split(Dch in, Dch[] out) {
        Chan<Integer> release = Chan.make();
        go(() -> dosplit(in, out, release));
        release.send(0);
    }

    void put(Item dat, Dch out) {
        out.req().recv();
        out.dat().send(dat);
    }

    Rat get(Dch in) {
        in.req().send(seqno.incrementAndGet());
        return (Rat) in.dat().recv();
    }

    /** Get one item from each of n demand channels. */
    @SuppressWarnings("unchecked")
    Item[] getn(Dch[] in) {
        int n = in.length;
        if (n != 2) {
            throw new AssertionError("bad n in getn");
        }
        Chan<Integer>[] req = new Chan[2];
        Chan<Item>[] dat = new Chan[2];
        Item[] out = new Item[2];
        for (int i = 0; i < n; i++) {
            req[i] = in[i].req();
            dat[i] = Chan.nil();
        }
        for (n = 2 * n; n > 0; n--) {
            int s = seqno.incrementAndGet();
            Select.select(
                    req[0].onSend(s, () -> {
                        dat[0] = in[0].dat();
                        req[0] = Chan.nil();
                        return 0;
                    }),
                    req[1].onSend(s, () -> {
                        dat[1] = in[1].dat();
                        req[1] = Chan.nil();
                        return 1;
                    }),
                    dat[0].onRecv(it -> {
                        out[0] = it;
                        dat[0] = Chan.nil();
                        return 2;
                    }),
                    dat[1].onRecv(it -> {
                        out[1] = it;
                        dat[1] = Chan.nil();
                        return 3;
                    }));
        }
        return out;
    }

    /** Get one item from each of 2 demand channels. */
    Item[] get2(Dch in0, Dch in1) {
        return getn(new Dch[] {in0, in1});
    }

    void copy(Dch in, Dch out) {
        for (;;) {
            out.req().recv();
            out.dat().send(get(in));
        }
    }

    void repeat(Item dat, Dch out) {
        for (;;) {
            put(dat, out);
        }
    }

    // Go's PS is *dch, PS2 is *[2]PS.
    Dch ones;
    Dch twos;

    Dch mkPS() {
        return mkdch();
    }

    Dch[] mkPS2() {
        return mkdch2();
    }

    // Conventions: upper-case for power series, lower-case for rationals.
    // Input variables: U,V,...  Output variables: ...,Y,Z

    /** Integer gcd; needed for rational arithmetic. */
    static long gcd(long u, long v) {
        if (u < 0) {
            return gcd(-u, v);
        }
        if (u == 0) {
            return v;
        }
        return gcd(v % u, u);
    }

    /** Make a rational from two ints and from one int. */
    static Rat i2tor(long u, long v) {
        long g = gcd(u, v);
        return v > 0 ? new Rat(u / g, v / g) : new Rat(-u / g, -v / g);
    }

    static Rat itor(long u) {
        return i2tor(u, 1);
    }

    Rat zero;
    Rat one;

    /** End mark. */
    Rat finis;

    /** End test. */
    static long end(Rat u) {
        return u.den() == 0 ? 1 : 0;
    }

    // Operations on rationals.

    static Rat add(Rat u, Rat v) {
        long g = gcd(u.den(), v.den());
        return i2tor(u.num() * (v.den() / g) + v.num() * (u.den() / g), u.den() * (v.den() / g));
    }

    static Rat mul(Rat u, Rat v) {
        long g1 = gcd(u.num(), v.den());
        long g2 = gcd(u.den(), v.num());
        return new Rat((u.num() / g1) * (v.num() / g2), (u.den() / g2) * (v.den() / g1));
    }

    static Rat neg(Rat u) {
        return i2tor(-u.num(), u.den());
    }

    static Rat sub(Rat u, Rat v) {
        return add(u, neg(v));
    }

    /** Invert a rat. */
    static Rat inv(Rat u) {
        if (u.num() == 0) {
            throw new ArithmeticException("zero divide in inv");
        }
        return i2tor(u.den(), u.num());
    }

    // Power-series constructors return channels on which power series flow. They start an
    // encapsulated generator that puts the terms of the series on the channel.

    /** Make a pair of power series identical to a given power series. */
    Dch[] Split(Dch U) {
        Dch[] UU = mkdch2();
        go(() -> split(U, UU));
        return UU;
    }

    /** Add two power series. */
    Dch Add(Dch U, Dch V) {
        Dch Z = mkPS();
        go(() -> {
            for (;;) {
                Z.req().recv();
                Item[] uv = get2(U, V);
                switch ((int) (end(((Rat) uv[0])) + 2 * end(((Rat) uv[1])))) {
                    case 0 -> Z.dat().send(add(((Rat) uv[0]), ((Rat) uv[1])));
                    case 1 -> {
                        Z.dat().send(uv[1]);
                        copy(V, Z);
                    }
                    case 2 -> {
                        Z.dat().send(uv[0]);
                        copy(U, Z);
                    }
                    case 3 -> Z.dat().send(finis);
                    default -> throw new AssertionError();
                }
            }
        });
        return Z;
    }

    /** Multiply a power series by a constant. */
    Dch Cmul(Rat c, Dch U) {
        Dch Z = mkPS();
        go(() -> {
            boolean done = false;
            while (!done) {
                Z.req().recv();
                Rat u = get(U);
                if (end(u) != 0) {
                    done = true;
                } else {
                    Z.dat().send(mul(c, u));
                }
            }
            Z.dat().send(finis);
        });
        return Z;
    }

    /** Subtract. */
    Dch Sub(Dch U, Dch V) {
        return Add(U, Cmul(neg(one), V));
    }

    /** Multiply a power series by the monomial x^n. */
    Dch Monmul(Dch U, int n0) {
        Dch Z = mkPS();
        go(() -> {
            for (int n = n0; n > 0; n--) {
                put(zero, Z);
            }
            copy(U, Z);
        });
        return Z;
    }

    /** Multiply by x. */
    Dch Xmul(Dch U) {
        return Monmul(U, 1);
    }

    Dch Rep(Rat c) {
        Dch Z = mkPS();
        go(() -> repeat(c, Z));
        return Z;
    }

    /** Monomial c*x^n. */
    Dch Mon(Rat c, int n0) {
        Dch Z = mkPS();
        go(() -> {
            if (c.num() != 0) {
                for (int n = n0; n > 0; n--) {
                    put(zero, Z);
                }
                put(c, Z);
            }
            put(finis, Z);
        });
        return Z;
    }

    Dch Shift(Rat c, Dch U) {
        Dch Z = mkPS();
        go(() -> {
            put(c, Z);
            copy(U, Z);
        });
        return Z;
    }

    // Multiply. The algorithm is
    //   let U = u + x*UU
    //   let V = v + x*VV
    //   then UV = u*v + x*(u*VV+v*UU) + x*x*UU*VV
    Dch Mul(Dch U, Dch V) {
        Dch Z = mkPS();
        go(() -> {
            Z.req().recv();
            Item[] uv = get2(U, V);
            if (end(((Rat) uv[0])) != 0 || end(((Rat) uv[1])) != 0) {
                Z.dat().send(finis);
            } else {
                Z.dat().send(mul(((Rat) uv[0]), ((Rat) uv[1])));
                Dch[] UU = Split(U);
                Dch[] VV = Split(V);
                Dch W = Add(Cmul(((Rat) uv[0]), VV[0]), Cmul(((Rat) uv[1]), UU[0]));
                Z.req().recv();
                Z.dat().send(get(W));
                copy(Add(W, Mul(UU[1], VV[1])), Z);
            }
        });
        return Z;
    }

    /** Differentiate. */
    Dch Diff(Dch U) {
        Dch Z = mkPS();
        go(() -> {
            Z.req().recv();
            Rat u = get(U);
            if (end(u) == 0) {
                boolean done = false;
                for (int i = 1; !done; i++) {
                    u = get(U);
                    if (end(u) != 0) {
                        done = true;
                    } else {
                        Z.dat().send(mul(itor(i), u));
                        Z.req().recv();
                    }
                }
            }
            Z.dat().send(finis);
        });
        return Z;
    }

    /** Integrate, with const of integration. */
    Dch Integ(Rat c, Dch U) {
        Dch Z = mkPS();
        go(() -> {
            put(c, Z);
            boolean done = false;
            for (int i = 1; !done; i++) {
                Z.req().recv();
                Rat u = get(U);
                if (end(u) != 0) {
                    done = true;
                }
                Z.dat().send(mul(i2tor(1, i), u));
            }
            Z.dat().send(finis);
        });
        return Z;
    }

    /** Binomial theorem (1+x)^c. */
    Dch Binom(Rat c0) {
        Dch Z = mkPS();
        go(() -> {
            Rat c = c0;
            int n = 1;
            Rat t = itor(1);
            while (c.num() != 0) {
                put(t, Z);
                t = mul(mul(t, c), i2tor(1, n));
                c = sub(c, one);
                n++;
            }
            put(finis, Z);
        });
        return Z;
    }

    // Reciprocal of a power series
    //   let U = u + x*UU
    //   let Z = z + x*ZZ
    //   (u+x*UU)*(z+x*ZZ) = 1
    //   z = 1/u
    //   u*ZZ + z*UU +x*UU*ZZ = 0
    //   ZZ = -UU*(z+x*ZZ)/u
    Dch Recip(Dch U) {
        Dch Z = mkPS();
        go(() -> {
            Dch[] ZZ = mkPS2();
            Z.req().recv();
            Rat z = inv(get(U));
            Z.dat().send(z);
            split(Mul(Cmul(neg(z), U), Shift(z, ZZ[0])), ZZ);
            copy(ZZ[1], Z);
        });
        return Z;
    }

    // Exponential of a power series with constant term 0 (nonzero constant term would make
    // nonrational coefficients). bug: the constant term is simply ignored.
    //   Z = exp(U);  DZ = Z*DU;  integrate to get Z
    Dch Exp(Dch U) {
        Dch[] ZZ = mkPS2();
        split(Integ(one, Mul(ZZ[0], Diff(U))), ZZ);
        return ZZ[1];
    }

    // Substitute V for x in U, where the leading term of V is zero
    //   let U = u + x*UU;  let V = v + x*VV;  then S(U,V) = u + VV*S(V,UU)
    // bug: a nonzero constant term is ignored
    Dch Subst(Dch U, Dch V) {
        Dch Z = mkPS();
        go(() -> {
            Dch[] VV = Split(V);
            Z.req().recv();
            Rat u = get(U);
            Z.dat().send(u);
            if (end(u) == 0) {
                if (end(get(VV[0])) != 0) {
                    put(finis, Z);
                } else {
                    copy(Mul(VV[0], Subst(U, VV[1])), Z);
                }
            }
        });
        return Z;
    }

    /** Monomial substitution U(c x^n): each Ui is multiplied by c^i and followed by n-1 zeros. */
    Dch MonSubst(Dch U, Rat c0, int n) {
        Dch Z = mkPS();
        go(() -> {
            Rat c = one;
            for (;;) {
                Z.req().recv();
                Rat u = get(U);
                Z.dat().send(mul(u, c));
                c = mul(c, c0);
                if (end(u) != 0) {
                    Z.dat().send(finis);
                    break;
                }
                for (int i = 1; i < n; i++) {
                    Z.req().recv();
                    Z.dat().send(zero);
                }
            }
        });
        return Z;
    }

    void init() {
        chnameserial.set(-1);
        seqno.set(0);
        chnames = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        zero = itor(0);
        one = itor(1);
        finis = i2tor(1, 0);
        ones = Rep(one);
        twos = Rep(itor(2));
    }

    void check(Dch U, Rat c, int count, String str) {
        for (int i = 0; i < count; i++) {
            Rat r = get(U);
            assertTrue(r.eq(c), str + ": got: " + r.pr() + "should get " + c.pr());
        }
    }

    static final int N = 10;

    void checka(Dch U, Rat[] a, String str) {
        for (int i = 0; i < N; i++) {
            check(U, a[i], 1, str);
        }
    }

    /** The test half of Go's main. */
    @Test
    void main() {
        init();
        check(ones, one, 5, "Ones");
        check(Add(ones, ones), itor(2), 0, "Add Ones Ones");   // 1 1 1 1 1 (count 0 in Go: checks nothing)
        check(Add(ones, twos), itor(3), 0, "Add Ones Twos");   // 3 3 3 3 3 (count 0 in Go)
        Rat[] a = new Rat[N];
        Dch d = Diff(ones);
        for (int i = 0; i < N; i++) {
            a[i] = itor(i + 1);
        }
        checka(d, a, "Diff");   // 1 2 3 4 5
        Dch in = Integ(zero, ones);
        a[0] = zero;   // integration constant
        for (int i = 1; i < N; i++) {
            a[i] = i2tor(1, i);
        }
        checka(in, a, "Integ");   // 0 1 1/2 1/3 1/4 1/5
        check(Cmul(neg(one), twos), itor(-2), 10, "CMul");   // -1 -1 -1 -1 -1
        check(Sub(ones, twos), itor(-1), 0, "Sub Ones Twos");   // -1 -1 -1 -1 -1 (count 0 in Go)
        Dch m = Mul(ones, ones);
        for (int i = 0; i < N; i++) {
            a[i] = itor(i + 1);
        }
        checka(m, a, "Mul");   // 1 2 3 4 5
        Dch e = Exp(ones);
        a[0] = itor(1);
        a[1] = itor(1);
        a[2] = i2tor(3, 2);
        a[3] = i2tor(13, 6);
        a[4] = i2tor(73, 24);
        a[5] = i2tor(167, 40);
        a[6] = i2tor(4051, 720);
        a[7] = i2tor(37633, 5040);
        a[8] = i2tor(43817, 4480);
        a[9] = i2tor(4596553, 362880);
        checka(e, a, "Exp");   // 1 1 3/2 13/6 73/24
        Dch at = Integ(zero, MonSubst(ones, neg(one), 2));
        for (int c = 1, i = 0; i < N; i++) {
            if (i % 2 == 0) {
                a[i] = zero;
            } else {
                a[i] = i2tor(c, i);
                c *= -1;
            }
        }
        checka(at, a, "ATan");   // 0 -1 0 -1/3 0 -1/5
    }

    /** Not in Go's main: the Add/Sub checks Go runs with count 0, with a count; Recip and Binom. */
    @Test
    void recipAndBinom() {
        init();
        check(Add(ones, twos), itor(3), 5, "Add Ones Twos");
        check(Sub(ones, twos), itor(-1), 5, "Sub Ones Twos");
        Dch r = Recip(ones);   // 1/(1-x)^-1 = 1 - x
        check(r, one, 1, "Recip");
        check(r, itor(-1), 1, "Recip");
        check(r, zero, 5, "Recip");
        // (1+x)^3 = 1 3 3 1, but Go's Binom stops when c reaches 0, before the last term: 1 3 3 end.
        Dch b = Binom(itor(3));
        check(b, one, 1, "Binom");
        check(b, itor(3), 2, "Binom");
        assertTrue(end(get(b)) != 0, "Binom ends");
        Dch x = Xmul(Mon(itor(2), 1));   // x * 2x = 2x^2
        check(x, zero, 2, "Xmul Mon");
        check(x, itor(2), 1, "Xmul Mon");
        assertTrue(end(get(x)) != 0, "Xmul Mon ends");
    }
}

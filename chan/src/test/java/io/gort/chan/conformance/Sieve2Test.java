package io.gort.chan.conformance;

import static io.gort.chan.conformance.Conformance.go;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gort.chan.Chan;
import io.gort.chan.Select;
import io.gort.chan.Sender;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Port of Go's {@code test/chan/sieve2.go} (golang/go at commit 97eb06233fef967a39688fff3ea907c88c329160):
 * an Eratosthenes-like sieve over odd candidates, with buffered channels, a heap of channels of
 * multiples merged into one stream of composites, a feedback loop of primes, and a send proxy whose
 * select switches its send case off with a nil channel when its buffer is empty. Go's
 * {@code container/heap} of PeekCh is a {@link PriorityQueue} ordered by head; Go's
 * {@code container/ring}, grown when full, is an {@link ArrayDeque} (which grows by itself).
 */
@Timeout(20)
@ExtendWith(Conformance.NoPanics.class)
class Sieve2Test {
    /** Return a chan of odd numbers, starting from 5. */
    static Chan<Integer> odds() {
        Chan<Integer> out = Chan.make(50);
        go(() -> {
            for (int n = 5; ; n += 2) {
                out.send(n);
            }
        });
        return out;
    }

    /** Return a chan of odd multiples of the prime number p, starting from p*p. */
    static Chan<Integer> multiples(int p) {
        Chan<Integer> out = Chan.make(10);
        go(() -> {
            for (int n = p * p; ; n += 2 * p) {
                out.send(n);
            }
        });
        return out;
    }

    static final class PeekCh {
        int head;
        final Chan<Integer> ch;

        PeekCh(int head, Chan<Integer> ch) {
            this.head = head;
            this.ch = ch;
        }
    }

    /**
     * Return a channel to serve as a sending proxy to 'out'. Use a goroutine to receive values from
     * 'out' and store them in an expanding buffer, so that sending to 'out' never blocks.
     */
    static Sender<Integer> sendproxy(Sender<Integer> out) {
        Chan<Integer> proxy = Chan.make(10);
        go(() -> {
            ArrayDeque<Integer> buffer = new ArrayDeque<>(16);
            for (;;) {
                Sender<Integer> c = out;
                int e = 0;
                if (buffer.isEmpty()) {
                    c = Chan.nil();   // buffer empty: disable output
                } else {
                    e = buffer.peekFirst();
                }
                Select.select(
                        proxy.onRecv(v -> {
                            buffer.addLast(v);
                            return null;
                        }),
                        c.onSend(e, buffer::pollFirst));
            }
        });
        return proxy;
    }

    /** Return a chan int of primes. */
    static Chan<Integer> sieve() {
        // The output values.
        Chan<Integer> out = Chan.make(10);
        out.send(2);
        out.send(3);

        // The channel of all composites to be eliminated in increasing order.
        Chan<Integer> composites = Chan.make(50);

        // The feedback loop.
        Chan<Integer> primes = Chan.make(10);
        primes.send(3);

        // Merge channels of multiples of 'primes' into 'composites'.
        go(() -> {
            PriorityQueue<PeekCh> h = new PriorityQueue<>(Comparator.comparingInt((PeekCh p) -> p.head));
            int min = 15;
            for (;;) {
                Chan<Integer> m = multiples(primes.recv());
                int head = m.recv();
                while (min < head) {
                    composites.send(min);
                    PeekCh minchan = h.poll();
                    min = minchan.head;
                    minchan.head = minchan.ch.recv();
                    h.add(minchan);
                }
                while (min == head) {
                    PeekCh minchan = h.poll();
                    min = minchan.head;
                    minchan.head = minchan.ch.recv();
                    h.add(minchan);
                }
                composites.send(head);
                h.add(new PeekCh(m.recv(), m));
            }
        });

        // Sieve out 'composites' from 'candidates'.
        go(() -> {
            // In order to generate the nth prime we only need multiples of primes <= sqrt(nth
            // prime). Thus, the merging goroutine will receive from 'primes' much slower than this
            // goroutine will send to it, making the buffer accumulate and block this goroutine from
            // sending, causing a deadlock. The solution is to use a proxy goroutine to do automatic
            // buffering.
            Sender<Integer> primesProxy = sendproxy(primes);

            Chan<Integer> candidates = odds();
            int p = candidates.recv();

            for (;;) {
                int c = composites.recv();
                while (p < c) {
                    primesProxy.send(p);
                    out.send(p);
                    p = candidates.recv();
                }
                if (p == c) {
                    p = candidates.recv();
                }
            }
        });

        return out;
    }

    @Test
    void main() {
        Chan<Integer> primes = sieve();
        int[] a = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], primes.recv());
        }
    }
}

package io.gort.chan.conformance;

import static io.gort.chan.conformance.Conformance.go;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Sender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Port of Go's {@code test/chan/sieve1.go} (golang/go at commit bac8f89d596433afc2aa531f3ac337e18b829b09):
 * the classical inefficient concurrent prime sieve. Generates primes up to 100 with a linear chain
 * of divisibility filters, each a goroutine between two unbuffered channels, and checks them. The
 * generator and filters run forever in Go; here they stay parked when the test ends, as in Go.
 */
@Timeout(20)
@ExtendWith(Conformance.NoPanics.class)
class Sieve1Test {
    /** Send the sequence 2, 3, 4, ... to channel 'ch'. */
    static void generate(Sender<Integer> ch) {
        for (int i = 2; ; i++) {
            ch.send(i);   // Send 'i' to channel 'ch'.
        }
    }

    /** Copy the values from channel 'in' to channel 'out', removing those divisible by 'prime'. */
    static void filter(Receiver<Integer> in, Sender<Integer> out, int prime) {
        for (var i : in) {   // Loop over values received from 'in'.
            if (i % prime != 0) {
                out.send(i);   // Send 'i' to channel 'out'.
            }
        }
    }

    /** The prime sieve: daisy-chain filter processes together. */
    static void sieve(Sender<Integer> primes) {
        Chan<Integer> ch = Chan.make();   // Create a new channel.
        Chan<Integer> gen = ch;
        go(() -> generate(gen));   // Start generate() as a subprocess.
        for (;;) {
            // Note that ch is different on each iteration.
            int prime = ch.recv();
            primes.send(prime);
            Chan<Integer> ch1 = Chan.make();
            Chan<Integer> in = ch;
            go(() -> filter(in, ch1, prime));
            ch = ch1;
        }
    }

    @Test
    void main() {
        Chan<Integer> primes = Chan.make();
        go(() -> sieve(primes));
        int[] a = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97};
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], primes.recv());
        }
    }
}

package io.gort.examples.cig;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import java.util.ArrayList;
import java.util.List;

/**
 * "Concurrency in Go", chapter 4, "The for-select Loop": each program after a line {@code == name}.
 * <ul>
 *   <li>{@code sending iteration variables}: {@code for _, s := range []string{"a", "b", "c"} {
 *       select { case <-done: return; case stringStream <- s: } }}: a, b, c.</li>
 *   <li>{@code looping infinitely}: {@code for { select { case <-done: return; default: }; // do
 *       non-preemptable work }}, and the variant with the work in the default case: both stop once
 *       {@code done} is closed (here after 100 rounds of work, so the count is exact).</li>
 * </ul>
 */
public final class Ch4ForSelectLoop {
    private Ch4ForSelectLoop() { }

    public static void main(String[] args) {
        System.out.println("== sending iteration variables");
        Chan<Object> done = Chan.make();
        Chan<String> stringStream = Chan.make();
        Go.spawn(() -> {
            try {
                for (String s : List.of("a", "b", "c")) {
                    if (Select.select(done.onRecv(x -> true), stringStream.onSend(s, () -> false))) {
                        return;
                    }
                }
            } finally {
                stringStream.close();
            }
        });
        for (String s : stringStream) {
            System.out.println(s);
        }

        System.out.println("== looping infinitely");
        for (int variant = 1; variant <= 2; variant++) {
            Chan<Object> stop = Chan.make();
            Chan<Integer> worked = Chan.make(1);
            boolean workInDefault = variant == 2;
            Go.spawn(() -> {
                int work = 0;
                for (;;) {
                    if (workInDefault) {
                        int[] w = {work};
                        boolean quit = Select.select(stop.onRecv(x -> true), Select.onDefault(() -> {
                            w[0]++;                            // do non-preemptable work
                            return false;
                        }));
                        work = w[0];
                        if (quit) {
                            break;
                        }
                    } else {
                        if (Select.select(stop.onRecv(x -> true), Select.onDefault(() -> false))) {
                            break;
                        }
                        work++;                                // do non-preemptable work
                    }
                    if (work == 100) {                         // the work's own end, for a repeatable count
                        stop.close();
                    }
                }
                worked.send(work);
            });
            System.out.printf("variant %d: stopped by done after %d rounds of work%n", variant, worked.recv());
        }
    }
}

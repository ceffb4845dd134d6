package io.gort.examples.cig;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Sender;
import io.gort.sync.WaitGroup;
import java.util.Arrays;

/**
 * "Concurrency in Go", chapter 4, "Confinement": each program after a line {@code == name}.
 * <ul>
 *   <li>{@code ad hoc}: by convention only {@code loopData} touches {@code data}: four zeros.</li>
 *   <li>{@code lexical}: {@code chanOwner} confines the write side of the channel to its closure;
 *       the consumer gets only {@code <-chan int}: "Received: 0" … "Received: 5", "Done receiving!".</li>
 *   <li>{@code lexical slices}: two goroutines each get their own slice of "golang" (a Java copy of
 *       the range, since a byte array has no slice views): "gol" and "ang" in any order.</li>
 * </ul>
 */
public final class Ch4Confinement {
    private Ch4Confinement() { }

    public static void main(String[] args) {
        System.out.println("== ad hoc");
        int[] data = new int[4];
        java.util.function.Consumer<Sender<Integer>> loopData = handleData -> {
            try {
                for (int i = 0; i < data.length; i++) {
                    handleData.send(data[i]);
                }
            } finally {
                handleData.close();
            }
        };
        Chan<Integer> handleData = Chan.make();
        Go.spawn(() -> loopData.accept(handleData));
        for (int num : handleData) {
            System.out.println(num);
        }

        System.out.println("== lexical");
        java.util.function.Supplier<Receiver<Integer>> chanOwner = () -> {
            Chan<Integer> results = Chan.make(5);
            Go.spawn(() -> {
                try {
                    for (int i = 0; i <= 5; i++) {
                        results.send(i);
                    }
                } finally {
                    results.close();
                }
            });
            return results;
        };
        java.util.function.Consumer<Receiver<Integer>> consumer = results -> {
            for (int result : results) {
                System.out.printf("Received: %d%n", result);
            }
            System.out.println("Done receiving!");
        };
        consumer.accept(chanOwner.get());

        System.out.println("== lexical slices");
        WaitGroup wg = new WaitGroup();
        byte[] golang = "golang".getBytes();
        java.util.function.BiConsumer<WaitGroup, byte[]> printData = (w, bytes) -> {
            try {
                StringBuilder buff = new StringBuilder();
                for (byte b : bytes) {
                    buff.append((char) b);
                }
                System.out.println(buff);
            } finally {
                w.done();
            }
        };
        wg.add(2);
        byte[] first = Arrays.copyOfRange(golang, 0, 3), second = Arrays.copyOfRange(golang, 3, 6);
        Go.spawn(() -> printData.accept(wg, first));
        Go.spawn(() -> printData.accept(wg, second));
        wg.await();
    }
}

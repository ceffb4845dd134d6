package io.gort.examples.cig;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Select;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * "Concurrency in Go", chapter 4, "Pipelines": batch stages, stream stages, channel stages, and the
 * book's reusable generators; each program after a line {@code == name}. The stage functions here
 * ({@link #repeat}, {@link #repeatFn}, {@link #take}, {@link #toInt}, {@link #toStringStage}) are the
 * ones the later sections reuse, as the book does. The book's streams are {@code <-chan
 * interface{}}; these are generic, as a Go 1.18 port would be, with the book's type-assertion
 * stages kept as stages from {@code Object}. Every stage watches {@code done}.
 * <ul>
 *   <li>{@code batch}: {@code add(multiply(ints, 2), 1)} over slices: 3 5 7 9.</li>
 *   <li>{@code stream}: {@code multiply(add(multiply(v, 2), 1), 2)} per value: 6 10 14 18.</li>
 *   <li>{@code channels}: the same with a generator and channel stages.</li>
 *   <li>{@code repeat take}: {@code take(done, repeat(done, 1), 10)}: ten 1s.</li>
 *   <li>{@code repeatFn}: ten values of a seeded random source (the book's {@code rand.Int}).</li>
 *   <li>{@code toString}: {@code toString(done, take(done, repeat(done, "I", "am."), 5))}: "Iam.Iam.I".</li>
 * </ul>
 */
public final class Ch4Pipelines {
    private Ch4Pipelines() { }

    // ---- the book's generators and stages ----

    @SafeVarargs
    static <T> Receiver<T> generator(Receiver<?> done, T... integers) {
        Chan<T> intStream = Chan.make(integers.length);
        Go.spawn(() -> {
            try {
                for (T i : integers) {
                    if (Select.select(done.onRecv(x -> true), intStream.onSend(i, () -> false))) {
                        return;
                    }
                }
            } finally {
                intStream.close();
            }
        });
        return intStream;
    }

    static Receiver<Integer> multiply(Receiver<?> done, Receiver<Integer> intStream, int multiplier) {
        return map(done, intStream, i -> i * multiplier);
    }

    static Receiver<Integer> add(Receiver<?> done, Receiver<Integer> intStream, int additive) {
        return map(done, intStream, i -> i + additive);
    }

    /** The body multiply and add share: range over the input, send f(i) unless done. */
    private static <A, B> Receiver<B> map(Receiver<?> done, Receiver<A> in, java.util.function.Function<A, B> f) {
        Chan<B> out = Chan.make();
        Go.spawn(() -> {
            try {
                for (A i : in) {
                    if (Select.select(done.onRecv(x -> true), out.onSend(f.apply(i), () -> false))) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out;
    }

    @SafeVarargs
    static <T> Receiver<T> repeat(Receiver<?> done, T... values) {
        Chan<T> valueStream = Chan.make();
        Go.spawn(() -> {
            try {
                for (;;) {
                    for (T v : values) {
                        if (Select.select(done.onRecv(x -> true), valueStream.onSend(v, () -> false))) {
                            return;
                        }
                    }
                }
            } finally {
                valueStream.close();
            }
        });
        return valueStream;
    }

    static <T> Receiver<T> repeatFn(Receiver<?> done, Supplier<T> fn) {
        Chan<T> valueStream = Chan.make();
        Go.spawn(() -> {
            try {
                for (;;) {
                    if (Select.select(done.onRecv(x -> true), valueStream.onSend(fn.get(), () -> false))) {
                        return;
                    }
                }
            } finally {
                valueStream.close();
            }
        });
        return valueStream;
    }

    static <T> Receiver<T> take(Receiver<?> done, Receiver<T> valueStream, int num) {
        Chan<T> takeStream = Chan.make();
        Go.spawn(() -> {
            try {
                for (int i = 0; i < num; i++) {
                    // select { case <-done: return; case takeStream <- <-valueStream: }
                    T v = valueStream.recv();
                    if (v == null || Select.select(done.onRecv(x -> true), takeStream.onSend(v, () -> false))) {
                        return;
                    }
                }
            } finally {
                takeStream.close();
            }
        });
        return takeStream;
    }

    static Receiver<Integer> toInt(Receiver<?> done, Receiver<?> valueStream) {
        return map(done, valueStream, v -> (Integer) v);       // v.(int)
    }

    static Receiver<String> toStringStage(Receiver<?> done, Receiver<?> valueStream) {
        return map(done, valueStream, v -> (String) v);        // v.(string)
    }

    // ---- the programs ----

    static int[] multiplyBatch(int[] values, int multiplier) {
        int[] multipliedValues = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            multipliedValues[i] = values[i] * multiplier;
        }
        return multipliedValues;
    }

    static int[] addBatch(int[] values, int additive) {
        int[] addedValues = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            addedValues[i] = values[i] + additive;
        }
        return addedValues;
    }

    public static void main(String[] args) {
        int[] ints = {1, 2, 3, 4};
        System.out.println("== batch");
        for (int v : addBatch(multiplyBatch(ints, 2), 1)) {
            System.out.println(v);
        }

        System.out.println("== stream");
        java.util.function.IntBinaryOperator multiply = (value, multiplier) -> value * multiplier;
        java.util.function.IntBinaryOperator add = (value, additive) -> value + additive;
        for (int v : ints) {
            System.out.println(multiply.applyAsInt(add.applyAsInt(multiply.applyAsInt(v, 2), 1), 2));
        }

        System.out.println("== channels");
        Chan<Object> done = Chan.make();
        try {                                                    // defer close(done)
            Receiver<Integer> intStream = generator(done, 1, 2, 3, 4);
            Receiver<Integer> pipeline = multiply(done, add(done, multiply(done, intStream, 2), 1), 2);
            for (int v : pipeline) {
                System.out.println(v);
            }

            System.out.println("== repeat take");
            StringBuilder line = new StringBuilder();
            for (Object num : take(done, repeat(done, (Object) 1), 10)) {
                line.append(num).append(' ');
            }
            System.out.println(line);

            System.out.println("== repeatFn");
            Random rand = new Random(1);
            for (int num : toInt(done, take(done, repeatFn(done, () -> (Object) rand.nextInt(1000)), 10))) {
                System.out.println(num);
            }

            System.out.println("== toString");
            StringBuilder message = new StringBuilder();
            for (String token : toStringStage(done, take(done, repeat(done, (Object) "I", "am."), 5))) {
                message.append(token);
            }
            System.out.printf("message: %s...%n", message);
        } finally {
            done.close();
        }
    }

    /** Collects a finite stream (for the tests and the other sections). */
    static <T> List<T> collect(Receiver<T> in) {
        List<T> out = new ArrayList<>();
        in.forEach(out::add);
        return out;
    }
}

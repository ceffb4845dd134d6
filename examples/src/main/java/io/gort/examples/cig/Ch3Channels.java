package io.gort.examples.cig;

import io.gort.Go;
import io.gort.chan.Chan;
import io.gort.chan.Receiver;
import io.gort.chan.Recv;
import io.gort.sync.WaitGroup;

/**
 * "Concurrency in Go", chapter 3, "Channels": each program after a line {@code == name}.
 * <ul>
 *   <li>{@code stream}: a goroutine sends "Hello channels!"; main receives and prints it; then the
 *       same with {@code salutation, ok := <-stringStream}: "(true): Hello channels!".</li>
 *   <li>{@code closed}: a receive from a closed channel: "(false): 0" (gort's recv gives null for Go's
 *       zero value; the port prints the zero value, as Go does).</li>
 *   <li>{@code range}: a producer sends 1..5 and closes; {@code for integer := range intStream}.</li>
 *   <li>{@code unblocking}: five goroutines wait on {@code begin}; {@code close(begin)} releases them
 *       all at once; "Unblocking goroutines..." comes first, the five "has begun" in any order.</li>
 *   <li>{@code buffered}: a producer sends 0..4 into a channel of capacity 4 while main receives,
 *       both writing to one buffer that is printed at the end (the book's {@code bytes.Buffer},
 *       which it shares unsynchronized: here it is synchronized). The interleaving varies; each value
 *       is sent before it is received.</li>
 *   <li>{@code chanOwner}: the owner makes, writes, closes and hands out only the read side; the
 *       consumer ranges: "Received: 0" … "Received: 5", "Done receiving!".</li>
 * </ul>
 */
public final class Ch3Channels {
    private Ch3Channels() { }

    public static void main(String[] args) {
        System.out.println("== stream");
        Chan<String> stringStream = Chan.make();
        Go.spawn(() -> stringStream.send("Hello channels!"));
        System.out.println(stringStream.recv());
        Go.spawn(() -> stringStream.send("Hello channels!"));
        Recv<String> r = stringStream.recvOk();
        System.out.printf("(%b): %s%n", r.ok(), r.value());

        System.out.println("== closed");
        Chan<Integer> intStream = Chan.make();
        intStream.close();
        Recv<Integer> integer = intStream.recvOk();
        System.out.printf("(%b): %d%n", integer.ok(), integer.ok() ? integer.value() : 0);

        System.out.println("== range");
        Chan<Integer> ints = Chan.make();
        Go.spawn(() -> {
            try {
                for (int i = 1; i <= 5; i++) {
                    ints.send(i);
                }
            } finally {
                ints.close();
            }
        });
        StringBuilder line = new StringBuilder();
        for (int i : ints) {
            line.append(i).append(' ');
        }
        System.out.println(line);

        System.out.println("== unblocking");
        Chan<Object> begin = Chan.make();
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < 5; i++) {
            int id = i;
            wg.add(1);
            Go.spawn(() -> {
                try {
                    begin.recv();
                    System.out.printf("%d has begun%n", id);
                } finally {
                    wg.done();
                }
            });
        }
        System.out.println("Unblocking goroutines...");
        begin.close();
        wg.await();

        System.out.println("== buffered");
        StringBuffer stdoutBuff = new StringBuffer();   // synchronized, unlike the book's bytes.Buffer
        Chan<Integer> buffered = Chan.make(4);
        Go.spawn(() -> {
            try {
                for (int i = 0; i < 5; i++) {
                    stdoutBuff.append("Sending: ").append(i).append('\n');
                    buffered.send(i);
                }
                stdoutBuff.append("Producer Done.\n");
            } finally {
                buffered.close();
            }
        });
        for (int i : buffered) {
            stdoutBuff.append("Received ").append(i).append(".\n");
        }
        System.out.print(stdoutBuff);                  // defer stdoutBuff.WriteTo(os.Stdout)

        System.out.println("== chanOwner");
        Receiver<Integer> resultStream = chanOwner();
        for (int result : resultStream) {
            System.out.printf("Received: %d%n", result);
        }
        System.out.println("Done receiving!");
    }

    static Receiver<Integer> chanOwner() {
        Chan<Integer> resultStream = Chan.make(5);
        Go.spawn(() -> {
            try {
                for (int i = 0; i <= 5; i++) {
                    resultStream.send(i);
                }
            } finally {
                resultStream.close();
            }
        });
        return resultStream;
    }
}

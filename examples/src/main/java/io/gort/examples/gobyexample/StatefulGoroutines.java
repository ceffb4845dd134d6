package io.gort.examples.gobyexample;

import io.gort.Go;
import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Go by Example: Stateful Goroutines (gobyexample.com/stateful-goroutines). One goroutine owns a
 * map; the others read and write it only by sending it requests, each with a channel for the reply
 * (sharing memory by communicating). A hundred readers and ten writers run for a while, then main
 * prints how many operations they completed. The page's second is half a second here.
 *
 * <p>One addition: when a Go program's main returns, every goroutine dies with it; when a Java main
 * returns, gort's goroutines go on. So main closes a {@code done} channel at the end, and every
 * goroutine here selects on it and returns (the pattern of the Tickers page).
 */
public final class StatefulGoroutines {
    private StatefulGoroutines() { }

    record ReadOp(int key, Chan<Integer> resp) { }              // type readOp struct { key int; resp chan int }
    record WriteOp(int key, int val, Chan<Boolean> resp) { }    // type writeOp struct { key, val int; resp chan bool }

    public static void main(String[] args) {
        AtomicLong readOps = new AtomicLong();                  // var readOps uint64
        AtomicLong writeOps = new AtomicLong();                 // var writeOps uint64

        Chan<ReadOp> reads = Chan.make();                       // reads := make(chan readOp)
        Chan<WriteOp> writes = Chan.make();                     // writes := make(chan writeOp)
        Chan<Void> done = Chan.make();                          // (the port's addition, see above)

        Go.spawn(() -> {                                        // go func() {
            Map<Integer, Integer> state = new HashMap<>();      //     var state = make(map[int]int)
            for (boolean running = true; running; ) {           //     for { select {
                running = Select.select(
                        reads.onRecv(read -> {                  //     case read := <-reads:
                            read.resp().send(state.getOrDefault(read.key(), 0));  // read.resp <- state[read.key]
                            return true;
                        }),
                        writes.onRecv(write -> {                //     case write := <-writes:
                            state.put(write.key(), write.val()); //        state[write.key] = write.val
                            write.resp().send(true);            //         write.resp <- true
                            return true;
                        }),
                        done.onRecv(x -> false));
            }
        });

        for (int r = 0; r < 100; r++) {
            Go.spawn(() -> {                                    // go func() { for {
                while (true) {
                    ReadOp read = new ReadOp(ThreadLocalRandom.current().nextInt(5), Chan.make());
                    if (!Select.select(reads.onSend(read, () -> true), done.onRecv(x -> false))) {  // reads <- read
                        return;
                    }
                    read.resp().recv();                         // <-read.resp
                    readOps.incrementAndGet();                  // atomic.AddUint64(&readOps, 1)
                    Time.sleep(Duration.ofMillis(1));           // time.Sleep(time.Millisecond)
                }
            });
        }

        for (int w = 0; w < 10; w++) {
            Go.spawn(() -> {
                while (true) {
                    WriteOp write = new WriteOp(ThreadLocalRandom.current().nextInt(5),
                            ThreadLocalRandom.current().nextInt(100), Chan.make());
                    if (!Select.select(writes.onSend(write, () -> true), done.onRecv(x -> false))) {  // writes <- write
                        return;
                    }
                    write.resp().recv();                        // <-write.resp
                    writeOps.incrementAndGet();                 // atomic.AddUint64(&writeOps, 1)
                    Time.sleep(Duration.ofMillis(1));
                }
            });
        }

        Time.sleep(Duration.ofMillis(500));                     // time.Sleep(time.Second)

        System.out.println("readOps: " + readOps.get());        // fmt.Println("readOps:", atomic.LoadUint64(&readOps))
        System.out.println("writeOps: " + writeOps.get());
        done.close();
    }
}

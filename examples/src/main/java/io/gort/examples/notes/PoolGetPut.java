package io.gort.examples.notes;

import io.gort.sync.Pool;
import io.gort.sync.WaitGroup;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * <b>Pool</b> — the notes' heading "#### Pool" (the notes stop at the heading: {@code sync.Pool} is a
 * concurrent-safe cache of reusable objects; {@code Get} returns a cached one or calls {@code New},
 * {@code Put} hands one back). The book's program: a pool of 1 KiB buffers seeded with four; 1024
 * goroutines each get one, use it and put it back; only a handful of buffers are ever made.
 * <pre>{@code
 * var numCalcsCreated int
 * calcPool := &sync.Pool{New: func() interface{} {
 *     numCalcsCreated += 1
 *     mem := make([]byte, 1024)
 *     return &mem
 * }}
 * // Seed the pool with 4KB
 * calcPool.Put(calcPool.New()) // x4
 * const numWorkers = 1024 * 1024
 * ... go func() { defer wg.Done(); mem := calcPool.Get().(*[]byte); defer calcPool.Put(mem) }()
 * fmt.Printf("%d calculators were created.", numCalcsCreated)
 * }</pre>
 * The number created depends on how many goroutines hold a buffer at once (the book got 8; a
 * pool may also drop cached objects at a GC), so only bounds are certain: at least the 4 seeded,
 * far fewer than the workers. This runs 1024 workers, not the book's million.
 */
public final class PoolGetPut {
    private PoolGetPut() { }

    static final int WORKERS = 1024;

    public static void main(String[] args) {
        AtomicInteger numCalcsCreated = new AtomicInteger();
        Pool<byte[]> calcPool = new Pool<>(() -> {
            numCalcsCreated.incrementAndGet();
            return new byte[1024];
        });
        for (int i = 0; i < 4; i++) {          // seed the pool with 4 KiB
            calcPool.put(new byte[1024]);
            numCalcsCreated.incrementAndGet();
        }
        WaitGroup wg = new WaitGroup();
        for (int i = 0; i < WORKERS; i++) {
            wg.go(() -> {
                byte[] mem = calcPool.get();
                try {
                    mem[0]++;                   // assume something interesting, but quick, is done with mem
                } finally {
                    calcPool.put(mem);
                }
            });
        }
        wg.await();
        System.out.printf("%d calculators were created for %d workers.%n", numCalcsCreated.get(), WORKERS);
    }
}

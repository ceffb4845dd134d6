package io.gort.bench.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The "kotlin" subject ({@code KotlinSubject}, Kotlin coroutines on Dispatchers.Default) at the
 * smoke size: every workload passes its own check (a wrong sum, count, prime or echoed byte throws
 * AssertionError) and measures a positive value. This JVM has no
 * {@code -Dkotlinx.coroutines.scheduler.core.pool.size}, so the subject runs on
 * {@code Dispatchers.Default.limitedParallelism(2)}.
 */
class KotlinSubjectTest {

    @ParameterizedTest
    @EnumSource(Workload.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void smoke(Workload w) throws Exception {
        try (Subject s = Subjects.create("kotlin")) {
            assertEquals("kotlin", s.name());
            assertTrue(s.supports(w), "kotlin supports every workload");
            for (int i = 0; i < 2; i++) {
                double v = s.run(w, Size.SMOKE, 2);
                assertTrue(v > 0 && Double.isFinite(v), w + " measured " + v + " " + w.unit);
            }
        }
    }

    /** The fork's Dispatchers.Default cannot be resized: a pool size other than procs is refused. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void refusesPoolOfAnotherSize() {
        String key = "kotlinx.coroutines.scheduler.core.pool.size";
        String old = System.getProperty(key);
        System.setProperty(key, "3");
        try (Subject s = Subjects.create("kotlin")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.run(Workload.PINGPONG, Size.SMOKE, 2));
            assertTrue(e.getMessage().contains("-D" + key + "=2"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, old);
            }
        }
    }
}

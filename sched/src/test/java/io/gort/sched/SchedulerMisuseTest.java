package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Misuse of the Scheduler API is refused at once, with a message that says what was wrong. */
class SchedulerMisuseTest {
    @ParameterizedTest
    @ValueSource(strings = {"workstealing", "global", "forkjoin"})
    void parallelismMustBePositive(String kind) {
        assertThrows(IllegalArgumentException.class, () -> Scheduler.of(kind, 0));
        assertThrows(IllegalArgumentException.class, () -> Scheduler.of(kind, -1));
    }

    @Test
    void unknownKind() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scheduler.of("roundrobin", 1));
        assertEquals("unknown scheduler 'roundrobin': expected workstealing, global, forkjoin or jdk", e.getMessage());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"WorkStealing, workstealing", "ws, workstealing", "GLOBAL, global", "fjp, forkjoin", "default, jdk"})
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void kindAliases(String alias, String kind) {
        try (Scheduler s = Scheduler.of(alias, 1)) {
            assertEquals(kind, s.kind());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"workstealing", "global", "forkjoin", "jdk"})
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void nullTaskIsRefusedAndNothingIsRegistered(String kind) {
        try (Scheduler s = Scheduler.of(kind, 1)) {
            int before = Goroutine.count();
            assertThrows(NullPointerException.class, () -> s.spawn(null));
            assertThrows(NullPointerException.class, () -> s.spawn("named", null));
            assertEquals(before, Goroutine.count());
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void theDefaultSchedulerIgnoresClose() {
        Scheduler.byDefault().close();
        Scheduler.byDefault().spawn(() -> { }).join();
    }
}

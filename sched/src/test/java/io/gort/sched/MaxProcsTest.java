package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GOMAXPROCS resolution: {@code -Dgort.maxprocs}, then env {@code GOMAXPROCS}, then the core count; bad values are ignored. */
class MaxProcsTest {
    @ParameterizedTest(name = "property={0} env={1} cores={2} -> {3}")
    @CsvSource(nullValues = "null", value = {
        "5,    3,    8, 5",     // the property wins
        "null, 3,    8, 3",     // then the environment
        "null, null, 8, 8",     // then the cores
        "' 7 ', null, 8, 7",    // surrounding blanks are trimmed
        "abc,  3,    8, 3",     // an unparsable property is ignored
        "0,    3,    8, 3",     // zero is ignored
        "-2,   3,    8, 3",     // negative is ignored
        "null, 0,    8, 8",
        "null, -1,   8, 8",
        "null, 2.5,  8, 8",
        "null, '',   8, 8",
        "0,    x,    8, 8",
        "null, null, 0, 1",     // never below one
        "99999999999, 4, 8, 4", // out of int range is unparsable
    })
    void resolve(String property, String env, int cores, int expected) {
        assertEquals(expected, MaxProcs.resolve(property, env, cores));
    }

    @Test
    void theDefaultSchedulerUsesMaxProcs() {
        assertEquals(Scheduler.maxProcs(), Scheduler.byDefault().parallelism());
        assertEquals("workstealing", Scheduler.byDefault().kind());
    }
}

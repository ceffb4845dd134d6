/** Test support for programs that use gort: the goroutine leak check (JUnit 5) and seeded, deterministic schedules. */
module io.gort.testing {
    requires transitive io.gort.runtime;
    requires transitive org.junit.jupiter.api;
    exports io.gort.testing;
}

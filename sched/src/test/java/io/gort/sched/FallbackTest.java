package io.gort.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Without {@code --add-opens java.base/java.lang=ALL-UNNAMED} gort still works, on the JDK's scheduler, and says so once. */
class FallbackTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void withoutTheFlagGoroutinesRunOnTheJdkSchedulerAfterOneWarning() {
        ForkedJvm.Result r = ForkedJvm.run(List.of("-Xshare:auto"), Map.of(), FallbackMain.class);
        assertEquals(0, r.exit(), r::toString);
        assertEquals(List.of("6*7=42 virtual=true", "kind=jdk supported=false"), r.out().lines().toList(), r::toString);
        List<String> warnings = r.errLines().stream().filter(l -> l.startsWith("gort:")).toList();
        assertEquals(1, warnings.size(), "exactly one gort: warning line\n" + r);
        assertTrue(warnings.get(0).contains("--add-opens java.base/java.lang=ALL-UNNAMED"), warnings.get(0));
    }
}

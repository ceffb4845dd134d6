package io.gort;

import static org.junit.jupiter.api.Assertions.*;

import io.gort.chan.Chan;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class SynctestSmokeTest {
    @Test
    void smoke() {
        var r = Synctest.run(1, () -> {
            Chan<String> c = Chan.make();
            Go.spawn(() -> { Go.sleep(Duration.ofHours(1)); c.send("late"); });
            assertEquals("late", c.recv());
            assertEquals(Synctest.EPOCH.plus(Duration.ofHours(1)), Time.now());
        });
        System.out.println(r + " " + r.trace());
        assertEquals(Duration.ofHours(1), r.elapsed());
    }
}

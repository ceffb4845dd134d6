package io.gort.errgroup;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gort.Time;
import io.gort.chan.Chan;
import io.gort.chan.Select;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Review regressions for io.gort.errgroup, against golang/sync errgroup/errgroup.go at ec11c4a,
 * where {@code SetLimit(n)} with {@code n < 0} sets {@code g.sem = nil} and returns before the
 * "modify limit while ... still active" check: removing the limit is allowed at any time.
 */
@Timeout(30)
class ReviewRegressionTest {

    @Test
    void removingTheLimitWhileTasksAreActiveIsAllowedAsInGo() {
        Group g = new Group();
        g.setLimit(1);
        Chan<Void> release = Chan.make();
        g.go(() -> release.recv());
        g.setLimit(-1);   // Go: g.sem = nil, no panic
        Chan<Void> started = Chan.make();
        g.go(() -> started.close());   // no limit now: starts although one task is active
        boolean ok = Select.select(started.onRecvOk((v, k) -> true), Time.after(Duration.ofSeconds(20)).onRecv(t -> false));
        release.close();
        g.await();
        assertTrue(ok, "the second task did not start after the limit was removed");
    }
}

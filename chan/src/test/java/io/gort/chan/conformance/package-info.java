/**
 * Conformance tests: Go's own channel tests, ported one class per Go source file, keeping Go's
 * names and structure so that a reader can diff a class against its Go file. Each class's header
 * cites the file and the golang/go commit it was read at, and says where the port deviates.
 *
 * <pre>
 * Go file                      class              notes
 * test/chan/doubleselect.go    DoubleSelectTest   GOMAXPROCS(2): default, workStealing(1), (2)
 * test/chan/fifo.go            FifoTest
 * test/chan/goroutines.go      GoroutinesTest     10000 goroutines in a chain
 * test/chan/nonblock.go        NonblockTest       polling bounded by 10 s instead of 10000 tries
 * test/chan/perm.go            PermTest           errorcheck: what Java's types enforce, by reflection
 * test/chan/powser1.go         Powser1Test        with the rational type; print mode not ported
 * test/chan/powser2.go         Powser2Test        channels of an interface
 * test/chan/select.go          SelectTest
 * test/chan/select2.go         Select2Test        leak check: no waiter left, heap growth bounded
 * test/chan/select3.go         Select3Test        blocks / panics, empirically (0.1 s window)
 * test/chan/select4.go         Select4Test
 * test/chan/select5.go         Select5Test        the generator's 1045 cases, run in place
 * test/chan/select6.go         Select6Test        Go issue 2075
 * test/chan/select7.go         Select7Test
 * test/chan/select8.go         Select8Test
 * test/chan/sendstmt.go        SendStmtTest
 * test/chan/sieve1.go          Sieve1Test
 * test/chan/sieve2.go          Sieve2Test
 * test/chan/zerosize.go        ZeroSizeTest       an empty record and an empty array
 * src/runtime/chan_test.go     ChanTest           testChan ... testSelectDuplicateChannel
 * </pre>
 *
 * <p>Not ported: test/chan/sieve.go (an older copy of sieve1.go in the history); the stack-shrinking
 * tests of chan_test.go (see {@link io.gort.chan.conformance.ChanTest}); the benchmarks.
 *
 * <p>Counts: where Go's loops are long, the default run uses Go's {@code -short} counts or less,
 * and {@code -Dgort.stress=N} multiplies them ({@link io.gort.chan.conformance.Stress}); Go's
 * counts are in the comments. Helpers: {@link io.gort.chan.conformance.Conformance} ({@code go},
 * running a program's main as a goroutine on a chosen scheduler, a sleep for checks that something
 * stays blocked, the package-private invariant check).
 */
package io.gort.chan.conformance;
